// Starts GraphiQL on the endpoint the page was given (/graphiql?path=/graphql&wsPath=/graphql):
// queries and mutations over HTTP, subscriptions over its WebSocket (graphql-transport-ws).
// Requests go with the headers typed in GraphiQL's "Headers" tab, for example
// {"Authorization": "Bearer <token>"}, a subscription in its connection_init payload; they are
// not stored, so a token does not outlive the tab. The Explorer (its icon in the sidebar)
// builds a query from the fields ticked in the schema's tree.
(function () {
  var params = new URLSearchParams(window.location.search);
  var endpoint = new URL(params.get('path') || '/graphql', window.location.href).href;
  var wsPath = params.get('wsPath');
  var subscriptionUrl = wsPath ? new URL(wsPath, window.location.href).href.replace(/^http/, 'ws') : undefined;
  var fetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: subscriptionUrl });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    defaultQuery: '# Send a token in the Headers tab below: {"Authorization": "Bearer <token>"}\n{\n  me {\n    id\n    username\n  }\n}\n',
  }));
})();
