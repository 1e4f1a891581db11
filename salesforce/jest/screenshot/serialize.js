// Turns the component's DOM, as sfdx-lwc-jest renders it in jsdom, into plain HTML a browser can
// show. The component's own markup is copied as is. The base components (lightning-card,
// -combobox, -textarea, -button) are stubs in Jest that render nothing of their own: they are drawn
// here as their SLDS blueprint from the properties the component gave them. So the picture is the
// component's real output for the fixtures, with Salesforce's base components approximated.

const escape = (text) =>
  String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function attributes(element) {
  return [...element.attributes]
    .filter((a) => !a.name.startsWith('lwc-'))
    .map((a) => ` ${a.name}="${escape(a.value)}"`)
    .join('');
}

// The standard:lead icon: SLDS's lead orange with a person glyph.
const LEAD_ICON =
  '<span class="lh-icon"><svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><circle cx="12" cy="8" r="4" fill="#fff"/><path d="M4 20c0-4 4-6 8-6s8 2 8 6z" fill="#fff"/></svg></span>';

function field(label, control, disabled) {
  return `<div class="slds-form-element__control-wrap${disabled ? ' is-disabled' : ''}"><label class="slds-form-element__label">${escape(label)}</label><div class="slds-form-element__control">${control}</div></div>`;
}

const BASE_COMPONENTS = {
  'LIGHTNING-CARD': (el, inner) =>
    `<article class="slds-card"><div class="slds-card__header"><header class="slds-media">${LEAD_ICON}<h2 class="slds-card__header-title">${escape(el.title)}</h2></header></div><div class="slds-card__body">${inner()}</div></article>`,
  'LIGHTNING-COMBOBOX': (el) => {
    const selected = (el.options || []).find((o) => o.value === el.value);
    const text = selected
      ? `<span>${escape(selected.label)}</span>`
      : `<span class="slds-placeholder">${escape(el.placeholder)}</span>`;
    return field(
      el.label,
      `<div class="slds-input_faux slds-combobox">${text}<span class="slds-chevron">▾</span></div>`,
      el.disabled,
    );
  },
  'LIGHTNING-TEXTAREA': (el) =>
    field(el.label, `<div class="slds-textarea">${escape(el.value)}</div>`, el.disabled),
  'LIGHTNING-BUTTON': (el) =>
    `<button class="slds-button ${el.variant === 'brand' ? 'slds-button_brand' : 'slds-button_neutral'}">${escape(el.label)}</button>`,
};

function children(nodes) {
  return [...nodes].map(serialize).join('');
}

export function serialize(node) {
  if (node.nodeType === 3) return escape(node.textContent);
  if (node.nodeType !== 1) return '';
  const draw = BASE_COMPONENTS[node.tagName];
  if (draw) return draw(node, () => children(node.childNodes));
  // A custom element of ours: what it renders is in its shadow tree.
  if (node.shadowRoot) return children(node.shadowRoot.childNodes);
  const tag = node.tagName.toLowerCase();
  return `<${tag}${attributes(node)}>${children(node.childNodes)}</${tag}>`;
}
