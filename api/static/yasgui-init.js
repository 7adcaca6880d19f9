// Starts YASGUI on /sparql with the analyst example queries (kept out of the page for the CSP).
(function () {
  var examples = JSON.parse(document.getElementById("examples").textContent);
  if (!window.Yasgui) { return; }
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: "vanban-sparql",
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    // The class/property completers ask an outside service (LOV); these stay local.
    yasqe: { autocompleters: ["prefixes", "variables"] }
  });
  var fresh = Object.keys(yasgui._tabs).length <= 1 && !localStorage.getItem("vanban-sparql-seeded");
  if (fresh) {
    examples.forEach(function (example, i) {
      if (i === 0) {
        yasgui.getTab().setName(example.name).setQuery(example.query);
      } else {  // a tab not shown yet has no editor: give it its query as configuration
        yasgui.addTab(false, { name: example.name, yasqe: { value: example.query } });
      }
    });
    localStorage.setItem("vanban-sparql-seeded", "1");
  }
})();
