// Pictures in the body editor: filled by issue 15's work (see /work/wt/COMMON.md).
export function figureView(node, view, getPos) {
  const dom = document.createElement("figure");
  dom.dataset.imageId = node.attrs.id;
  dom.textContent = `[image ${node.attrs.id}]`;
  return { dom };
}
export function figurePlugins(schema) { return []; }
export function chooseImage(view) {}
