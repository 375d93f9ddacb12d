/** The window's root: the editor when an API is there, otherwise a message saying how to get one. */
import type { ApiConnection } from './api';
import { EditorApp } from './editor-app';

export function App({ connection }: { connection: ApiConnection | null }) {
  if (connection === null) {
    return (
      <main className="no-api">
        <h1>Reseed</h1>
        <p role="alert" data-code="no-api">
          No Reseed engine here. Start the desktop app (<code>npm start</code>), or run <code>npx reseed serve</code> and open the
          address it prints (it carries the access token).
        </p>
      </main>
    );
  }
  return <EditorApp api={connection.api} transport={connection.transport} />;
}
