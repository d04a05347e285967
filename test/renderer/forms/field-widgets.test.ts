/** Every field kind renders its own widget, and sensitive fields are masked (react-dom/server). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { FIELD_KINDS, type FieldKind } from '../../../renderer/src/forms/field-kind';
import { FieldRow, fieldWidgets } from '../../../renderer/src/forms/field-widgets';
import { emptyRaw } from '../../../renderer/src/forms/form-values';
import type { FieldModel } from '../../../renderer/src/forms/openapi-form-model';

function field(kind: FieldKind, extra: Partial<FieldModel> = {}): FieldModel {
  return { name: `f_${kind}`, label: `Field ${kind}`, kind, description: 'what it is', required: false, sensitive: false, location: 'body', defaultValue: undefined, options: undefined, group: undefined, ...extra };
}

function render(f: FieldModel): string {
  return renderToStaticMarkup(createElement(FieldRow, { field: f, value: emptyRaw(f.kind), onChange: () => undefined, idPrefix: 't' }));
}

/** What each kind must render: a fragment of its markup. */
const expected: Record<FieldKind, RegExp> = {
  string: /<input[^>]*type="text"[^>]*data-widget="string"/,
  name: /<input[^>]*data-widget="name"/,
  lowercase: /<input[^>]*data-widget="lowercase"/,
  int: /<input[^>]*data-widget="int"[^>]*inputMode="numeric"/,
  int64: /<input[^>]*data-widget="int64"[^>]*inputMode="numeric"/,
  float: /<input[^>]*data-widget="float"[^>]*inputMode="decimal"/,
  bool: /<input[^>]*type="checkbox"[^>]*data-widget="bool"/,
  duration: /<input[^>]*data-widget="duration"[^>]*placeholder="e.g. 30s/,
  time: /<input[^>]*data-widget="time"/,
  map: /role="group" aria-label="Field map"/,
  kvpairs: /role="group" aria-label="Field kvpairs"/,
  header: /role="group" aria-label="Field header"[\s\S]*placeholder="Header-Name"/,
  slice: /<textarea[^>]*placeholder="JSON array[^>]*data-widget="slice"/,
  'string-slice': /<textarea[^>]*data-widget="string-slice"/,
  'comma-string-slice': /<textarea[^>]*placeholder="comma-separated[^>]*data-widget="comma-string-slice"/,
  'int-slice': /<textarea[^>]*data-widget="int-slice"/,
};

test('the widget map has an entry for every field kind', () => {
  assert.deepEqual(Object.keys(fieldWidgets).sort(), [...FIELD_KINDS].sort());
});

for (const kind of FIELD_KINDS) {
  test(`${kind} renders its widget with a label and help text`, () => {
    const html = render(field(kind));
    assert.match(html, expected[kind]);
    assert.match(html, new RegExp(`Field ${kind}`));
    assert.match(html, /what it is/);
  });
}

test('a sensitive string is a password input with a show toggle', () => {
  const html = render(field('string', { sensitive: true }));
  assert.match(html, /<input[^>]*type="password"[^>]*data-widget="sensitive"/);
  assert.match(html, /aria-pressed="false"[^>]*>Show</);
});

test('a sensitive map masks its values', () => {
  assert.match(render(field('map', { sensitive: true })), /aria-label="Field map value 1"[^>]*type="password"/);
});

test('required fields are marked visibly and for screen readers', () => {
  const html = render(field('string', { required: true }));
  assert.match(html, /class="required"/);
  assert.match(html, /\(required\)/);
  assert.match(html, /aria-required="true"/);
});

test('an enum becomes a select of its values', () => {
  assert.match(render(field('string', { options: ['a', 'b'] })), /<select[^>]*>.*<option value="a">a<\/option><option value="b">b<\/option>/);
});
