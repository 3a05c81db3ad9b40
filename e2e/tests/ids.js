// The app's element ids (`src/ids.rs`), from `ids.json`, which a native test
// generates from that file (`cargo test -p dmarc-lens-web --test native ids`).
// Each module's `fn` templates (`builder-{tag}-{index}`) become functions
// taking the placeholders in order, as `src/ids.rs`'s functions do:
// `ids.builder.address('rua', 0)` is `builder-rua-0`.
const json = require('./ids.json');

function withFunctions(module) {
  const out = {};
  for (const [key, value] of Object.entries(module)) {
    if (key === 'fn') {
      for (const [name, template] of Object.entries(value)) {
        out[name] = (...args) => {
          let i = 0;
          return template.replace(/\{\w+\}/g, () => String(args[i++]));
        };
      }
    } else {
      out[key] = typeof value === 'object' ? withFunctions(value) : value;
    }
  }
  return out;
}

module.exports = withFunctions(json);
