import { ComingSoon } from "../../components/ComingSoon";

export function GroupsPage() {
  return (
    <ComingSoon title="Groups">
      Soon you'll find peer-support groups here, online and in person, and join the ones that feel right.
    </ComingSoon>
  );
}
