import './monaco-workers';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { authorizationHeader } from '../auth/session';
import { createConsoleFetcher } from './console-fetcher';
import { CONSOLE_TABS } from './console-tabs';
import { ConsoleSignIn } from './ConsoleSignIn';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './console.css';

const container = document.getElementById('console');
if (!container) throw new Error('console.html has no #console');

const fetcher = createConsoleFetcher(authorizationHeader);
const plugins = [explorerPlugin()];

/** The operations console at /graphiql: GraphiQL with the explorer, subscriptions over graphql-ws, and sign-in. */
createRoot(container).render(
  <StrictMode>
    <div className="console">
      <ConsoleSignIn />
      <div className="console__graphiql">
        <GraphiQL fetcher={fetcher} plugins={plugins} defaultTabs={CONSOLE_TABS} defaultEditorToolsVisibility />
      </div>
    </div>
  </StrictMode>,
);
