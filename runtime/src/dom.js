// Builds the DOM nodes a `Tree` (runtime/src/tree.rs) describes and returns them as a
// fragment. An element joins its parent when it is closed, complete: Chrome's cost of
// adding inputs to a <form> one by one grows with the square of their number.
export function build(tokens) {
  const stack = [document.createDocumentFragment()];
  const parts = tokens.split("\0");
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const top = stack[stack.length - 1];
    switch (part[0]) {
      case "<":
        stack.push(document.createElement(part.slice(1)));
        break;
      case ">":
        stack.pop();
        stack[stack.length - 1].append(top);
        break;
      case "=":
        top.setAttribute(part.slice(1), parts[++i].slice(1));
        break;
      default:
        top.append(part.slice(1));
    }
  }
  return stack[0];
}
