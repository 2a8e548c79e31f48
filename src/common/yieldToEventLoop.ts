/**
 * Lets queued messages (pause, stop, freeze clicks) run between training steps. A MessageChannel
 * round trip is a macrotask without setTimeout's 4 ms clamping, so it costs almost nothing per step.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
