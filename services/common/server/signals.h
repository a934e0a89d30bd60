#pragma once
// SIGTERM/SIGINT handling without async-signal hazards: the signals are blocked in every thread
// (call BlockTerminationSignals() first thing in main, before any thread exists) and one thread
// waits for them synchronously.
namespace causeway {

void BlockTerminationSignals();
// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForTerminationSignal();

}  // namespace causeway
