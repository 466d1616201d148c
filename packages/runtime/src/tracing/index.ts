// The SDK half of tracing, kept apart from the package's main entry: importing it loads the
// instrumentations, which must come before the modules they patch.
export { startTracing, type Tracing } from './start-tracing';
export { loadTracingConfig, type TracingConfig } from './tracing-config';
