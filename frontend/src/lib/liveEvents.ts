/**
 * Live updates: one Server-Sent Events stream per tab, shared by every page that listens.
 *
 * An EventSource cannot send the access token, and a token must never travel in a URL, so the
 * manager trades the token for a short-lived ticket (POST /events/tickets) naming the channels
 * the mounted pages follow, then opens `stream_url`. Events carry ids only: listeners refetch
 * through the API (invalidate the matching queries), which applies what this viewer may see.
 *
 * Reconnects: on an error or the stream's planned end, a NEW ticket (the old one may have
 * expired) and `last_event_id`, with a growing pause (1 s, 2 s, 4 s … 30 s). After three failed
 * opens in a row it polls GET /events/recent every 10 s instead, and tries a stream again every
 * two minutes. If even polling fails, listeners are told to refetch (`onReset`) every 10 s.
 */
import { useEffect, useRef, useSyncExternalStore } from "react";
import { api, tokenStore } from "../api/client";
import type { components } from "../api/schema";
import { unwrap } from "./problems";

export type LiveEventType = components["schemas"]["LiveEvent"]["type"];
export const LIVE_EVENT_TYPES: readonly LiveEventType[] = [
  "thread.created",
  "thread.updated",
  "post.created",
  "post.updated",
  "post.hidden",
  "post.restored",
  "reaction.changed",
  "message.created",
  "message.read",
  "notification.created",
];

export interface LiveEvent {
  id: string | null;
  type: LiveEventType;
  channel: string;
  data: Record<string, unknown>;
}

export type LiveStatus = "off" | "connecting" | "live" | "polling";

export interface LiveListener {
  channels: readonly string[];
  /** An event on one of `channels` (or on the member's own channel, `member:<id>`). */
  onEvent: (event: LiveEvent) => void;
  /** Events may have been missed: refetch everything this listener shows. */
  onReset?: () => void;
}

type TicketResponse = components["schemas"]["Ticket"];
type RecentResponse = components["schemas"]["RecentEvents"];

export interface LiveTransport {
  ticket(channels: string[]): Promise<TicketResponse>;
  recent(ticket: string, after: string | null): Promise<RecentResponse>;
  open(url: string): EventSource;
}

export interface LiveTimings {
  pollMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
  retryStreamMs: number;
  failuresBeforePolling: number;
  /** Channel changes within this pause make one reconnect, not several. */
  settleMs: number;
}

export const DEFAULT_TIMINGS: LiveTimings = {
  pollMs: 10_000,
  firstRetryMs: 1_000,
  maxRetryMs: 30_000,
  retryStreamMs: 120_000,
  failuresBeforePolling: 3,
  settleMs: 50,
};

const STREAM_END = "stream.end";
const STREAM_RESET = "stream.reset";

export const browserTransport: LiveTransport = {
  ticket: async (channels) => (await unwrap(api.POST("/api/v1/events/tickets", { body: { channels } }))).data,
  recent: async (ticket, after) =>
    (await unwrap(api.GET("/api/v1/events/recent", { params: { query: { ticket, ...(after ? { after } : {}) } } })))
      .data,
  open: (url) => new EventSource(url),
};

/** The "group:…" channel of a group's conversation, and "relationship:…" of coach messages. */
export const groupChannel = (groupId: string) => `group:${groupId}`;
export const relationshipChannel = (relationshipId: string) => `relationship:${relationshipId}`;

function parseEvent(type: string, raw: MessageEvent): LiveEvent | null {
  try {
    const data = JSON.parse(String(raw.data)) as Record<string, unknown>;
    const channel = typeof data.channel === "string" ? data.channel : "";
    return { id: raw.lastEventId || null, type: type as LiveEventType, channel, data };
  } catch {
    return null;
  }
}

export class LiveEvents {
  private listeners = new Set<LiveListener>();
  private status: LiveStatus = "off";
  private statusListeners = new Set<() => void>();
  private source: EventSource | null = null;
  private lastEventId: string | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ticket: TicketResponse | null = null;
  /** The channels `ticket` was issued for. */
  private ticketKey = "";
  private generation = 0;
  private active = false;
  private channelKey = "";

  constructor(
    private readonly transport: LiveTransport = browserTransport,
    private readonly timings: LiveTimings = DEFAULT_TIMINGS,
  ) {}

  getStatus = (): LiveStatus => this.status;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  /** Start (or stop) following: the app turns it on while someone is signed in. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) this.schedule(0);
    else this.stop();
  }

  listen(listener: LiveListener): () => void {
    this.listeners.add(listener);
    this.channelsMayHaveChanged();
    return () => {
      this.listeners.delete(listener);
      this.channelsMayHaveChanged();
    };
  }

  private channels(): string[] {
    return [...new Set([...this.listeners].flatMap((listener) => listener.channels))].sort();
  }

  private channelsMayHaveChanged(): void {
    const key = this.channels().join(" ");
    if (key === this.channelKey || !this.active) return;
    this.channelKey = key;
    this.failures = 0;
    this.schedule(this.timings.settleMs);
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.statusListeners.forEach((listener) => listener());
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private closeSource(): void {
    this.source?.close();
    this.source = null;
  }

  private stop(): void {
    this.generation += 1;
    this.clearTimer();
    this.closeSource();
    this.ticket = null;
    this.channelKey = "";
    this.setStatus("off");
  }

  private schedule(delayMs: number, run: () => void = () => void this.connect()): void {
    this.clearTimer();
    this.timer = setTimeout(run, delayMs);
  }

  private backoff(): number {
    return Math.min(this.timings.firstRetryMs * 2 ** Math.max(0, this.failures - 1), this.timings.maxRetryMs);
  }

  private dispatch(event: LiveEvent): void {
    if (event.id) this.lastEventId = event.id;
    for (const listener of [...this.listeners]) {
      if (event.channel.startsWith("member:") || listener.channels.includes(event.channel)) listener.onEvent(event);
    }
  }

  private resetAll(): void {
    for (const listener of [...this.listeners]) listener.onReset?.();
  }

  private async freshTicket(): Promise<TicketResponse> {
    const channels = this.channels();
    const key = channels.join(" ");
    if (this.ticket && this.ticketKey === key && Date.parse(this.ticket.expires_at) > Date.now() + 5_000) {
      return this.ticket;
    }
    const ticket = await this.transport.ticket(channels);
    this.ticket = ticket;
    this.ticketKey = key;
    return ticket;
  }

  /** Open a stream with a new ticket, resuming after the last event seen. */
  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.closeSource();
    this.ticket = null;
    this.channelKey = this.channels().join(" ");
    this.setStatus(this.status === "polling" ? "polling" : "connecting");
    let ticket: TicketResponse;
    try {
      ticket = await this.freshTicket();
    } catch {
      if (generation === this.generation) this.failed();
      return;
    }
    if (generation !== this.generation) return;
    const url = ticket.stream_url + (this.lastEventId ? `&last_event_id=${encodeURIComponent(this.lastEventId)}` : "");
    const source = this.transport.open(url);
    this.source = source;
    source.onopen = () => {
      if (generation !== this.generation) return;
      this.failures = 0;
      this.setStatus("live");
    };
    source.onerror = () => {
      if (generation !== this.generation) return;
      // The browser would retry with the same (soon expired) ticket: retry ourselves instead.
      this.closeSource();
      this.failed();
    };
    for (const type of LIVE_EVENT_TYPES) {
      source.addEventListener(type, (raw) => {
        if (generation !== this.generation) return;
        const event = parseEvent(type, raw as MessageEvent);
        if (event) this.dispatch(event);
      });
    }
    source.addEventListener(STREAM_RESET, (raw) => {
      if (generation !== this.generation) return;
      const id = (raw as MessageEvent).lastEventId;
      if (id) this.lastEventId = id;
      this.resetAll();
    });
    source.addEventListener(STREAM_END, () => {
      if (generation !== this.generation) return;
      this.schedule(0); // the stream's lifetime is over: a new ticket, resuming where it ended
    });
  }

  private failed(): void {
    this.failures += 1;
    if (this.failures >= this.timings.failuresBeforePolling) {
      this.startPolling();
    } else {
      this.setStatus("connecting");
      this.schedule(this.backoff());
    }
  }

  private startPolling(): void {
    const generation = ++this.generation;
    this.closeSource();
    this.setStatus("polling");
    const startedAt = Date.now();
    const poll = async () => {
      if (generation !== this.generation) return;
      if (Date.now() - startedAt >= this.timings.retryStreamMs) {
        this.failures = this.timings.failuresBeforePolling - 1; // one more failure: back to polling
        void this.connect();
        return;
      }
      try {
        const ticket = await this.freshTicket();
        const recent = await this.transport.recent(ticket.ticket, this.lastEventId);
        if (generation !== this.generation) return;
        if (recent.reset || this.lastEventId === null) this.resetAll();
        for (const item of recent.items) {
          this.dispatch({ id: String(item.id), type: item.type, channel: item.channel, data: item.data });
        }
        this.lastEventId = recent.last_event_id || this.lastEventId;
      } catch {
        if (generation !== this.generation) return;
        this.ticket = null;
        this.resetAll(); // nothing live at all: refetch what is shown
      }
      this.schedule(this.timings.pollMs, () => void poll());
    };
    this.schedule(0, () => void poll());
  }
}

/** The tab's one stream; on while someone is signed in. */
export const liveEvents = new LiveEvents();
if (typeof window !== "undefined") {
  const sync = () => liveEvents.setActive(tokenStore.get() !== null && typeof EventSource !== "undefined");
  tokenStore.subscribe(sync);
  sync();
}

/**
 * Follow `channels` while the component is mounted; `onEvent` gets their events (and those of
 * the member's own channel). The handlers may change between renders without reconnecting.
 */
export function useLiveEvents(
  channels: readonly string[],
  onEvent: (event: LiveEvent) => void,
  onReset?: () => void,
  manager: LiveEvents = liveEvents,
): LiveStatus {
  const handlers = useRef({ onEvent, onReset });
  useEffect(() => {
    handlers.current = { onEvent, onReset };
  });
  const key = channels.join(" ");
  useEffect(() => {
    const listener: LiveListener = {
      channels: key ? key.split(" ") : [],
      onEvent: (event) => handlers.current.onEvent(event),
      onReset: () => handlers.current.onReset?.(),
    };
    return manager.listen(listener);
  }, [key, manager]);
  return useSyncExternalStore(manager.subscribeStatus, manager.getStatus, manager.getStatus);
}
