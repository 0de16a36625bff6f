import { useEffect, type RefObject } from "react";
import { focusFirstInvalid } from "../../../components/Field";
import type { FormErrors } from "../../../lib/problems";

/**
 * After the API's field errors are shown, move focus to the first invalid control. Done after
 * the render that marks it invalid (the submit button was disabled meanwhile, so focus had
 * fallen back to the page).
 */
export function useFocusOnErrors<F extends string>(formRef: RefObject<HTMLFormElement | null>, errors: FormErrors<F>): void {
  useEffect(() => {
    if (Object.keys(errors.fields).length > 0) focusFirstInvalid(formRef.current);
  }, [formRef, errors]);
}
