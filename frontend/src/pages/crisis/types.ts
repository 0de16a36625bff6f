import type { components } from "../../api/schema";

export type CrisisResources = components["schemas"]["CrisisResources"];
export type CrisisLine = components["schemas"]["CrisisLine"];
