import { HelpLink } from "../../crisis/HelpLink";

/**
 * A calm pointer to the crisis page at the top of the directory. The link's words differ from the
 * header's "Get help now", so both stay distinct for screen-reader link lists.
 */
export function CrisisNotice() {
  return (
    <p className="crisis-notice">
      <span>In crisis, or worried you might not be safe?</span>
      <HelpLink>Talk to someone now: crisis lines</HelpLink>
    </p>
  );
}
