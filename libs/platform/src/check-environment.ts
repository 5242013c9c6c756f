import { exitOnConfigError, loadConfig, loadPayoutTuning } from './config';

// Imported first by every process entry point: some modules read their settings while they load
// (BullMQ worker options are decorator arguments), so a bad variable must stop the start here,
// with its message alone, before those modules are required (docs/configuration.md).
try {
  loadConfig();
  loadPayoutTuning();
} catch (e: unknown) {
  exitOnConfigError(e);
}
