// Draws the network described by the page's #graph-data element, fills in the legend,
// and exposes the vis Network as window.network (as pyvis pages do) for tests and scripts.
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const legend = document.getElementById("legend");
  for (const [name, colour, mark] of data.legend) {
    const item = document.createElement("span");
    const swatch = document.createElement(mark);
    swatch.style.background = colour;
    item.append(swatch, name);
    legend.append(item);
  }
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(document.getElementById("network"), { nodes, edges }, data.options);
  window.network = network;
  network.once("afterDrawing", () => { document.body.dataset.ready = "1"; });
  network.on("click", (e) => {
    const node = e.nodes.length ? nodes.get(e.nodes[0]) : null;
    if (node && node.href) window.location.href = node.href;
  });
})();

// Leave empty fields out of the query string: "year_from=" is not a year.
for (const form of document.querySelectorAll("form.controls")) {
  form.addEventListener("submit", () => {
    for (const input of form.querySelectorAll("input")) {
      if (input.value === "") input.disabled = true;
    }
  });
}
