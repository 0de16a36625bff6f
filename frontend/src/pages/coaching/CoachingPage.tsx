import { ComingSoon } from "../../components/ComingSoon";

export function CoachingPage() {
  return (
    <ComingSoon title="Coaching">
      Soon you'll be able to work with a peer recovery coach here: set goals together and check in at your own pace.
    </ComingSoon>
  );
}
