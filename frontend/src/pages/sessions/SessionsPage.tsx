import { ComingSoon } from "../../components/ComingSoon";

export function SessionsPage() {
  return (
    <ComingSoon title="Sessions">
      Soon you'll see upcoming group sessions here, save your place and add them to your calendar.
    </ComingSoon>
  );
}
