import type { EventBus, ResilientConsumer } from '@stockgraph/messaging';
import type { Logger } from '@stockgraph/runtime';
import type { BootstrapService } from './bootstrap.service';

/**
 * Starts the replica's feed and makes sure the replica is whole: a snapshot on first start,
 * and again when the feed's Kafka position is gone (retention deleted events the replica
 * never read, so replaying what is left would not be enough). The position is checked
 * before the feed starts, since starting it moves a lost position to what is kept. Run by a
 * retrying task: while the broker or the centre cannot be reached, it tries again later.
 */
export class ReplicaStartup {
  private feedStarted = false;
  private mustSnapshot = false;

  constructor(
    private readonly deps: {
      bus: Pick<EventBus, 'expiredPositions'>;
      feed: Pick<ResilientConsumer, 'start'>;
      group: { id: string; topics: readonly string[] };
      bootstrap: Pick<BootstrapService, 'ensureBootstrapped' | 'snapshot'>;
      /** Told when a snapshot was taken (the allowances can be sized from it). */
      onSnapshot: () => void;
      log: Logger;
    },
  ) {}

  /** True when this run took a snapshot. */
  async run(): Promise<boolean> {
    const { bus, feed, group, bootstrap, onSnapshot, log } = this.deps;
    if (!this.feedStarted) {
      const expired = await bus.expiredPositions(group.id, group.topics);
      if (expired.length > 0) {
        log.warn({ expired }, "the replica's Kafka position is gone (retention): rebuilding from a snapshot");
        this.mustSnapshot = true;
      }
      feed.start();
      this.feedStarted = true;
    }
    let taken: boolean;
    if (this.mustSnapshot) {
      await bootstrap.snapshot();
      this.mustSnapshot = false;
      taken = true;
    } else {
      taken = await bootstrap.ensureBootstrapped();
    }
    if (taken) onSnapshot();
    return taken;
  }
}
