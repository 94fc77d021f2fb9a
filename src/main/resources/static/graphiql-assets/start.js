// Starts GraphiQL on the endpoint the page was given (/graphiql?path=/graphql). Requests go
// with the headers typed in GraphiQL's "Headers" tab, for example
// {"Authorization": "Bearer <token>"}; they are not stored, so a token does not outlive the tab.
(function () {
  var params = new URLSearchParams(window.location.search);
  var endpoint = new URL(params.get('path') || '/graphql', window.location.href).href;
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    defaultQuery: '# Send a token in the Headers tab below: {"Authorization": "Bearer <token>"}\n{\n  me {\n    id\n    username\n  }\n}\n',
  }));
})();
