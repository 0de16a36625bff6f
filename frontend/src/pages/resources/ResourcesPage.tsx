import { Link } from "react-router";
import { ComingSoon } from "../../components/ComingSoon";

export function ResourcesPage() {
  return (
    <ComingSoon title="Resources">
      Soon you'll find trusted services and reading here, checked by our coaches. If you need someone
      now, <Link to="/help">crisis lines are listed on the help page</Link>.
    </ComingSoon>
  );
}
