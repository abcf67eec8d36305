// examples/runtime/node_ai_sdk.mjs, run as a user's app runs it: from its
// own directory, with @handoff/rules and ai installed beside it (here, links
// to this package and its `ai`), offline with its scripted mock model when no
// API key is set, and the rules' path given relative to that directory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

test('the Node runtime example hands a routed message off without the model, holds back a promise and refuses a hand-off without its fields', () => {
  const app = mkdtempSync(join(tmpdir(), 'handoff-node-app-'));
  mkdirSync(join(app, 'node_modules', '@handoff'), { recursive: true });
  symlinkSync(here('..'), join(app, 'node_modules', '@handoff', 'rules'), 'dir');
  symlinkSync(here('../node_modules/ai'), join(app, 'node_modules', 'ai'), 'dir');
  copyFileSync(here('../../../examples/runtime/node_ai_sdk.mjs'), join(app, 'node_ai_sdk.mjs'));

  copyFileSync(here('../../../examples/shop.handoff'), join(app, 'shop.handoff'));

  // No OPENAI_API_KEY: the scripted model, offline; the rules' path is
  // read from the working directory.
  const { OPENAI_API_KEY, ...env } = process.env;
  const output = execFileSync(process.execPath, [join(app, 'node_ai_sdk.mjs'), 'shop.handoff'], {
    cwd: app,
    encoding: 'utf8',
    env,
  });
  assert.equal(
    output,
    [
      'customer:   Is the blue mug in stock?',
      '  route:    stock',
      '  agent:    Yes, the blue mug is in stock right now 🙂',
      'customer:   When will my parcel arrive?',
      '  staff:    handed off (delivery): reply held back (never promise delivery date: the date friday goes to this phrase, and "will" commits to it with the date friday; must not promise a delivery date: the date friday goes to this phrase, and "will" commits to it with the date friday) {}',
      '  route:    delivery',
      '  held:     "Your parcel will arrive on Friday." breaks delivery date, promise a delivery date',
      '  agent:    Thanks! A person from our team will take over here shortly.',
      'customer:   I would like a personalised wedding set of 40 plates by 2027-05-01, budget 2000 euro, mail anna@example.com',
      '  staff:    handed off (custom-order): the rules hand this message off; ask for: what they want, quantity, deadline, budget, email {}',
      '  route:    custom-order, handoff',
      '  agent:    Thanks! A person from our team will take over here shortly.',
      'customer:   Is the large vase in stock? I want to buy three',
      '  route:    stock',
      '  refused:  email is missing: ask the customer for it',
      '  agent:    A colleague will set them aside for you: what is your e-mail address?',
      '',
    ].join('\n'),
  );
});
