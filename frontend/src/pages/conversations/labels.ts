/** Words for the conversation layer: content notes, reactions, pace messages. */
import { ApiError } from "../../lib/problems";
import type { ContentNote, ReactionKind } from "./queries";

/** The API's fixed list of content notes (CONTENT_NOTES), in plain words. */
export const CONTENT_NOTE_LABELS: Record<ContentNote, string> = {
  self_harm: "self-harm",
  suicide: "suicide",
  substance_use_detail: "detail about using",
  abuse: "abuse",
  eating: "eating and food",
  loss: "loss and grief",
  violence: "violence",
  medical: "medical detail",
};

export const CONTENT_NOTES = Object.keys(CONTENT_NOTE_LABELS).filter(isContentNote);

export function isContentNote(value: string): value is ContentNote {
  return Object.hasOwn(CONTENT_NOTE_LABELS, value);
}

/** The API's list of notes (GET /members/me/content-preferences), else the built-in one. */
export function noteOptions(fromApi: readonly { key: string; label: string }[] | undefined): { key: ContentNote; label: string }[] {
  const options = (fromApi ?? []).flatMap(({ key, label }) => (isContentNote(key) ? [{ key, label }] : []));
  return options.length ? options : CONTENT_NOTES.map((key) => ({ key, label: CONTENT_NOTE_LABELS[key] }));
}

export function noteLabel(note: string): string {
  return isContentNote(note) ? CONTENT_NOTE_LABELS[note] : note.replaceAll("_", " ");
}

/** "self-harm and loss and grief" → "self-harm, loss and grief". */
export function listNotes(notes: readonly string[]): string {
  const words = notes.map(noteLabel);
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** Supportive reactions only (REACTIONS); there is nothing to disagree or down-vote with. */
export const REACTION_LABELS: Record<ReactionKind, { label: string; symbol: string }> = {
  sending_support: { label: "Sending support", symbol: "💛" },
  me_too: { label: "Me too", symbol: "🤝" },
  thank_you: { label: "Thank you", symbol: "🙏" },
  proud_of_you: { label: "Proud of you", symbol: "🌱" },
};

export const REACTIONS: readonly ReactionKind[] = ["sending_support", "me_too", "thank_you", "proud_of_you"];

export const ANONYMOUS_LABEL = "A member of this group";

export const ANONYMOUS_EXPLANATION =
  "Other members will see “A member of this group” instead of your name. The group's facilitators and the Peerway safety team still see that it was you, so they can keep everyone safe.";

/** "40 s", "3 min", "2 h". */
export function shortWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.ceil(seconds / 3600)} h`;
}

/** Slow mode or the daily cap (429 with Retry-After): when the member may post again. */
export function paceWait(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  return error.retryAfter ?? 60;
}

/** What a pace refusal means, in a calm sentence. */
export function paceMessage(error: ApiError, secondsLeft: number): string {
  const kind = error.problem?.type ?? "";
  const when = secondsLeft > 0 ? `You can post again in ${shortWait(secondsLeft)}.` : "You can post again now.";
  if (kind.endsWith("daily-cap")) return `You've reached this group's daily number of posts. ${when}`;
  if (kind.endsWith("slow-mode")) return `Slow mode is on, so everyone has room to reply. ${when}`;
  return `${error.problem?.detail ?? "Please wait a moment."} ${when}`;
}

/** A locked thread, a muted member, guidelines to accept: the API's own words. */
export function isLocked(error: unknown): boolean {
  return error instanceof ApiError && (error.problem?.type ?? "").endsWith("thread-locked");
}
