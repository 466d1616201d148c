// Writes the client-facing (API) schema of the committed supergraph to src/gql/schema.graphql,
// the schema codegen types the operations against. The supergraph itself carries join__/link__
// machinery and @inaccessible fields a client can never select; the API schema is what the
// gateway validates against (gateway/src/subscriptions/subscription-planner.ts derives it the same way).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';

const here = path.dirname(fileURLToPath(import.meta.url));
const supergraphPath = path.resolve(here, '../../schema/supergraph.graphql');
const outPath = path.resolve(here, '../src/gql/schema.graphql');

const apiSchema = Supergraph.build(fs.readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();
fs.mkdirSync(path.dirname(outPath), { recursive: true });
fs.writeFileSync(
  outPath,
  `# Generated from schema/supergraph.graphql by scripts/write-api-schema.mjs. Do not edit.\n${printSchema(apiSchema)}\n`,
);
