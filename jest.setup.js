require('reflect-metadata');
// Services log JSON to stdout; in tests only warnings and worse are worth reading.
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
