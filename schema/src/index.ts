export { generateSchemas, SCHEMA_DIR, SUBGRAPHS } from './generate-schemas';
