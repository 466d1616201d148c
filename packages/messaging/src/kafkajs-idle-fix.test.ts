import { fixKafkajsIdleSpin, kafkaRequestQueueClass, type KafkaRequestQueue } from './kafkajs-idle-fix';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue(): KafkaRequestQueue {
  fixKafkajsIdleSpin();
  const RequestQueue = kafkaRequestQueueClass();
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 'test',
    broker: '127.0.0.1:1',
    logger: { namespace: () => quiet, ...quiet },
  });
}

describe("kafkajs's request queue at rest", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('schedules no check when nothing is pending, throttled or not (kafkajs 2.2.4 looped every 1 ms)', () => {
    const q = queue();
    const checks = jest.spyOn(q, 'checkPendingRequests');
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
    q.throttledUntil = Date.now() + 500;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
    jest.advanceTimersByTime(1000);
    expect(checks).not.toHaveBeenCalled();
  });

  it('checks a waiting request after 10 ms, or when the throttle ends, and only once', () => {
    const q = queue();
    const checks = jest.spyOn(q, 'checkPendingRequests').mockImplementation(() => undefined);
    q.pending.push({});
    q.scheduleCheckPendingRequests();
    q.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(checks).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(checks).toHaveBeenCalledTimes(1);

    q.throttledUntil = Date.now() + 300;
    q.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(299);
    expect(checks).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(checks).toHaveBeenCalledTimes(2);
  });
});

describe("kafkajs's request timeouts", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('finds a request past its timeout within a second, looking once a second rather than every 100 ms', () => {
    const q = queue();
    const timedOut = jest.fn();
    q.scheduleRequestTimeoutCheck();
    q.inflight.set(1, { sentAt: Date.now(), requestTimeout: 30_000, timeoutRequest: timedOut });
    const looks = jest.spyOn(q, 'isConnected');
    jest.advanceTimersByTime(999);
    expect(looks).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(looks).toHaveBeenCalledTimes(1);
    expect(timedOut).not.toHaveBeenCalled();
    jest.advanceTimersByTime(30_000);
    expect(timedOut).toHaveBeenCalled();
    q.destroy();
  });
});
