// Copies GraphiQL, its Explorer plugin and React, as locked in package-lock.json, to where the server serves them
// (src/main/resources/static/graphiql-assets/), so /graphiql needs no CDN and building the
// server needs no Node. Run after changing their versions: npm run vendor-graphiql
// GraphiQlBrowserTests checks that the served copies are these packages' files.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const assets = {
  'graphiql/graphiql.min.js': 'graphiql.min.js',
  'graphiql/graphiql.min.css': 'graphiql.min.css',
  'react/umd/react.production.min.js': 'react.production.min.js',
  'react-dom/umd/react-dom.production.min.js': 'react-dom.production.min.js',
  '@graphiql/plugin-explorer/dist/index.umd.js': 'plugin-explorer.umd.js',
  '@graphiql/plugin-explorer/dist/style.css': 'plugin-explorer.css',
};

const target = new URL('../src/main/resources/static/graphiql-assets/', import.meta.url);
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [from, to] of Object.entries(assets)) {
    copyFileSync(new URL(`node_modules/${from}`, import.meta.url), new URL(to, target));
    console.log(`node_modules/${from} -> src/main/resources/static/graphiql-assets/${to}`);
  }
}
