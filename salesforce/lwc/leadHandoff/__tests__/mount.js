// Mounts the Lead page the way Lightning does: the record page sets recordId, then Lightning Data
// Service delivers the Lead, the user and the reason picklist. The data are the generated fixtures
// (npm run salesforce:generate): the Lead's details field is what the backend's formatter writes.
import { createElement } from 'lwc';
import LeadHandoff from 'c/leadHandoff';
import { getRecord } from 'lightning/uiRecordApi';
import { getPicklistValues } from 'lightning/uiObjectInfoApi';

export const fixtures = require('./data/lead-page-fixtures.json');

/** Lets LWC apply wire configs and re-render (both run in microtasks). */
export async function flush() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

export function emitLead(record) {
  getRecord.emit(record, (config) => config.recordId === fixtures.leadId);
}

/** Mounts at the scenario's instant (fake timers: the page's clock and its minute tick). */
export async function mount(name, { now, deliver = true } = {}) {
  const scenario = fixtures.scenarios[name];
  jest.useFakeTimers({ now: new Date(now || scenario.now) });
  const element = createElement('c-lead-handoff', { is: LeadHandoff });
  element.recordId = fixtures.leadId;
  document.body.appendChild(element);
  await flush();
  if (deliver) {
    emitLead(scenario.record);
    getRecord.emit(fixtures.user, (config) => config.recordId === fixtures.userId);
    await flush();
    getPicklistValues.emit(fixtures.reasonPicklist);
    await flush();
  }
  return element;
}

export function unmountAll() {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.useRealTimers();
  jest.clearAllMocks();
}

export const $ = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
export const $$ = (element, id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];
export const text = (node) => (node ? node.textContent.replace(/\s+/g, ' ').trim() : null);

export function combobox(element, name) {
  return $(element, `${name}-input`);
}

/** A grounds row as the rep reads it: condition, result, value, property, evidence date. */
export function groundRow(row) {
  return ['condition', 'result', 'value', 'property', 'evidence'].map((id) =>
    text(row.querySelector(`[data-id="${id}"]`)),
  );
}

export async function choose(element, name, value) {
  combobox(element, name).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

export async function typeNote(element, value) {
  $(element, 'note-input').dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

export async function submit(element) {
  element.shadowRoot.querySelector('lightning-button').click();
  await flush();
}
