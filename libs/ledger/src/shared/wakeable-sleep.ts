/**
 * A poll loop's pause that another part of the process can cut short ("there is work now"), so work
 * found by one loop reaches the other without waiting for its next poll.
 */
export class WakeableSleep {
  private wakeUp: (() => void) | undefined;
  private woken = false;

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  sleep(delayMs: number): Promise<void> {
    if (this.woken || delayMs <= 0) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, delayMs);
      this.wakeUp = done;
    });
  }
}
