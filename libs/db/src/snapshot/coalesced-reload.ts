/**
 * Runs a snapshot load on demand so that concurrent calls share one in-flight load plus at most one follow-up: a
 * burst of change notifications costs two loads, and a change announced while a load runs is never missed.
 * A failed load is reported to `onError` and keeps the last good state; it is rethrown only while no load has
 * ever succeeded (a service must not start without its snapshot).
 */
export class CoalescedReload {
  private running: Promise<void> | undefined;
  private again = false;
  private succeeded = false;

  constructor(
    private readonly load: () => Promise<void>,
    private readonly onError: (error: Error) => void,
  ) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.load();
          this.succeeded = true;
        } while (this.again);
      } catch (error) {
        this.onError(error as Error);
        if (!this.succeeded) throw error;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves once no load is running (whatever its outcome): for shutdown. */
  idle(): Promise<void> {
    return this.running ? this.running.catch(() => undefined) : Promise.resolve();
  }
}
