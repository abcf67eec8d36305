// examples/runtime/node_ai_sdk.mjs, run as a user's app runs it: from its
// own directory, with @handoff/rules and ai installed beside it (here, links
// to this package and its `ai`), offline with its scripted mock model.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

test('the Node runtime example routes, holds back a promise and hands off with the fields', () => {
  const app = mkdtempSync(join(tmpdir(), 'handoff-node-app-'));
  mkdirSync(join(app, 'node_modules', '@handoff'), { recursive: true });
  symlinkSync(here('..'), join(app, 'node_modules', '@handoff', 'rules'), 'dir');
  symlinkSync(here('../node_modules/ai'), join(app, 'node_modules', 'ai'), 'dir');
  copyFileSync(here('../../../examples/runtime/node_ai_sdk.mjs'), join(app, 'node_ai_sdk.mjs'));

  const output = execFileSync(
    process.execPath,
    [join(app, 'node_ai_sdk.mjs'), here('../../../examples/shop.handoff')],
    { cwd: app, encoding: 'utf8' },
  );
  assert.equal(
    output,
    [
      'customer:   Is the blue mug in stock?',
      '  route:    stock',
      '  agent:    Yes, the blue mug is in stock right now 🙂',
      'customer:   When will my parcel arrive?',
      '  staff:    handed off (delivery): reply held back (never promise delivery date: the date friday goes to this phrase, and "will" commits to it with the date friday) {}',
      '  route:    delivery',
      '  held:     "Your parcel will arrive on Friday." breaks delivery date',
      '  agent:    Thanks! A person from our team will take over here shortly.',
      'customer:   I would like a personalised wedding set of 40 plates by 2027-05-01, budget 2000 euro, mail anna@example.com',
      '  staff:    handed off (custom-order): Anna wants 40 personalised wedding plates by 1 May 2027, budget 2000 euro. {"topic":"custom-order","what_they_want":"a personalised wedding set of plates","quantity":40,"deadline":"2027-05-01","budget":"2000 euro","email":"anna@example.com"}',
      '  route:    custom-order, handoff',
      '  agent:    Thanks! A person from our team will take over here shortly.',
      '',
    ].join('\n'),
  );
});
