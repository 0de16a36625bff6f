import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveEvents, type LiveTransport } from "./liveEvents";

/** A stand-in EventSource the test drives by hand. */
class FakeSource {
  static opened: FakeSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private handlers = new Map<string, ((event: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }
  addEventListener(type: string, handler: (event: MessageEvent) => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, id: string, data: object) {
    const event = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id });
    this.handlers.get(type)?.forEach((handler) => handler(event));
  }
}

const TIMINGS = { pollMs: 10_000, firstRetryMs: 1_000, maxRetryMs: 30_000, retryStreamMs: 120_000, failuresBeforePolling: 3, settleMs: 0 };

function setUp() {
  let tickets = 0;
  const transport: LiveTransport = {
    ticket: vi.fn(async (channels: string[]) => {
      tickets += 1;
      return {
        ticket: `t${tickets}`,
        expires_at: new Date(Date.now() + 60_000).toISOString(),
        channels: ["member:me", ...channels],
        stream_url: `/api/v1/events?ticket=t${tickets}`,
      };
    }),
    recent: vi.fn(async () => ({ items: [], last_event_id: "7", reset: false })),
    open: (url) => new FakeSource(url) as unknown as EventSource,
  };
  return { transport, manager: new LiveEvents(transport, TIMINGS) };
}

describe("LiveEvents", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSource.opened = [];
  });
  afterEach(() => vi.useRealTimers());

  it("opens one stream for every listener's channels and passes on their events", async () => {
    const { transport, manager } = setUp();
    const onEvent = vi.fn();
    manager.listen({ channels: ["group:g1"], onEvent });
    manager.setActive(true);
    await vi.runOnlyPendingTimersAsync();
    expect(transport.ticket).toHaveBeenCalledWith(["group:g1"]);
    const source = FakeSource.opened[0]!;
    source.onopen?.();
    expect(manager.getStatus()).toBe("live");
    source.emit("post.created", "5", { channel: "group:g1", thread_id: "t", post_id: "p" });
    source.emit("post.created", "6", { channel: "group:other", thread_id: "t", post_id: "p" });
    expect(onEvent).toHaveBeenCalledTimes(1);
    expect(onEvent.mock.calls[0]![0]).toMatchObject({ id: "5", type: "post.created", channel: "group:g1" });
  });

  it("reconnects with a new ticket and the last event id after an error", async () => {
    const { transport, manager } = setUp();
    manager.listen({ channels: ["relationship:r1"], onEvent: () => undefined });
    manager.setActive(true);
    await vi.runOnlyPendingTimersAsync();
    const first = FakeSource.opened[0]!;
    first.onopen?.();
    first.emit("message.created", "41", { channel: "relationship:r1", message_id: "m" });
    first.onerror?.();
    expect(first.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(transport.ticket).toHaveBeenCalledTimes(2);
    expect(FakeSource.opened[1]!.url).toBe("/api/v1/events?ticket=t2&last_event_id=41");
  });

  it("falls back to polling after three failed opens, and refetches when told to reset", async () => {
    const { transport, manager } = setUp();
    const onReset = vi.fn();
    manager.listen({ channels: ["group:g1"], onEvent: () => undefined, onReset });
    manager.setActive(true);
    await vi.runOnlyPendingTimersAsync();
    FakeSource.opened[0]!.onerror?.();
    await vi.advanceTimersByTimeAsync(1_000);
    FakeSource.opened[1]!.onerror?.();
    await vi.advanceTimersByTimeAsync(2_000);
    FakeSource.opened[2]!.onerror?.();
    expect(manager.getStatus()).toBe("polling");
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.recent).toHaveBeenCalledTimes(1);
    expect(onReset).toHaveBeenCalledTimes(1); // nothing seen yet: refetch once
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transport.recent).toHaveBeenLastCalledWith(expect.any(String), "7");
  });

  it("stops when signed out", async () => {
    const { manager } = setUp();
    manager.listen({ channels: [], onEvent: () => undefined });
    manager.setActive(true);
    await vi.runOnlyPendingTimersAsync();
    manager.setActive(false);
    expect(FakeSource.opened[0]!.closed).toBe(true);
    expect(manager.getStatus()).toBe("off");
  });
});
