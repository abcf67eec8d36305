// The workbench page: every answer comes from the server, which asks the
// same library as the `handoff` command. Nothing is loaded from elsewhere.
'use strict';

const $ = (id) => document.getElementById(id);
let version = null;
let saved = '';
// The CodeMirror editor speaking to the language server, once connected;
// until then, or when it cannot connect, the plain text box.
let editor = null;
const rules = {
  get value() { return editor ? editor.text : $('rules').value; },
  set value(text) {
    if (editor) editor.text = text;
    else $('rules').value = text;
  },
};

async function ask(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
  if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
  return data;
}

function say(text, kind) {
  const status = $('status');
  status.textContent = text;
  status.className = kind ? `badge ${kind}` : '';
  $('reload').hidden = true;
}

// The file on disk, as another editor or a colleague left it: taken in
// when nothing here is unsaved, offered otherwise, so no edit is lost.
let warnedAbout = null;
async function watchDisk() {
  const file = await ask('/api/file').catch(() => null);
  if (!file || file.version === version || file.version === warnedAbout) return;
  if (rules.value === saved) {
    takeFromDisk(file);
    say('The file changed on disk: this is its new text.', 'good');
  } else {
    warnedAbout = file.version;
    say('The file changed on disk, and your edit is not saved.', 'bad');
    $('reload').hidden = false;
  }
}

function takeFromDisk(file) {
  saved = file.text;
  version = file.version;
  rules.value = file.text;
  analyze();
}

function item(text, kind) {
  const li = document.createElement('li');
  li.textContent = text;
  if (kind) li.className = kind;
  return li;
}

// Wait for a pause in typing before asking again.
function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

async function analyze() {
  const text = rules.value;
  try {
    const result = await ask('/api/analyze', { text });
    // The text changed meanwhile: its own analysis is on its way.
    if (text !== rules.value) return;
    const problems = $('problems');
    problems.replaceChildren();
    result.diagnostics.forEach((d, i) => {
      const li = item(`Line ${d.line}: ${d.message}${d.help ? ` (${d.help})` : ''}`, d.severity === 'error' ? 'bad' : '');
      if (d.fix) {
        const button = document.createElement('button');
        button.textContent = d.fix;
        button.addEventListener('click', () => applyFix(i));
        li.append(' ', button);
      }
      problems.append(li);
    });
    if (!result.diagnostics.length) problems.append(item('No problems found.', 'good'));
    const tests = $('tests');
    tests.replaceChildren();
    for (const t of result.tests) {
      tests.append(item(`Line ${t.line}: ${t.title}`, t.passed === true ? 'good' : t.passed === false ? 'bad' : ''));
    }
    if (!result.tests.length) tests.append(item('No tests yet: try a message and add it as a test.'));
    const topic = $('topic');
    const chosen = topic.value;
    topic.replaceChildren(new Option('any topic', ''), ...result.topics.map((t) => new Option(t, t)));
    topic.value = result.topics.includes(chosen) ? chosen : '';
    await changes();
    await tryMessage();
    await tryReply();
  } catch (error) {
    say(error.message, 'bad');
  }
}

async function changes() {
  const text = rules.value;
  const review = await ask('/api/diff', { text });
  if (text !== rules.value) return;
  const box = $('changes');
  box.replaceChildren();
  const groups = [['lets the agent do more', review.wider], ['holds the agent back more', review.stricter], ['wording', review.wording]];
  let any = false;
  for (const [title, list] of groups) {
    if (!list.length) continue;
    any = true;
    const heading = document.createElement('p');
    heading.textContent = `Your edit ${title}:`;
    const ul = document.createElement('ul');
    for (const change of list) ul.append(item(change.message));
    box.append(heading, ul);
  }
  if (!any) box.textContent = rules.value === saved ? 'Nothing: this is the saved file.' : 'Nothing the agent does differently.';
}

function addTestButton(line) {
  // No test line can expect a hand-over the guard holds (`handoff`).
  if (!line) return document.createTextNode('');
  const button = document.createElement('button');
  button.textContent = 'Add as a test';
  button.addEventListener('click', () => {
    rules.value = `${rules.value.replace(/\n*$/, '\n')}${line}\n`;
    analyze();
  });
  return button;
}

// The newest question asked of each panel: an answer to an older one,
// arriving late, is not shown over it.
const asked = { message: 0, reply: 0 };

async function tryMessage() {
  const message = $('message').value.trim();
  const out = $('decision');
  const turn = ++asked.message;
  if (!message) {
    out.replaceChildren();
    return;
  }
  const d = await ask('/api/route', { text: rules.value, message });
  if (turn !== asked.message) return;
  out.replaceChildren();
  const head = document.createElement('p');
  head.textContent = `${d.topic ? `Topic: ${d.topic}. ` : 'No topic. '}${d.handoff ? 'A person takes over.' : 'The agent answers.'}`;
  head.className = d.handoff ? 'badge bad' : 'badge good';
  const why = document.createElement('ul');
  for (const reason of d.why) why.append(item(reason));
  out.append(head, why);
  if (d.collect.length) out.append(item(`First ask for: ${d.collect.map((f) => f.name).join(', ')}`));
  out.append(addTestButton(d.test));
}

async function tryReply() {
  const reply = $('reply').value;
  const out = $('verdict');
  const turn = ++asked.reply;
  if (!reply.trim()) {
    out.replaceChildren();
    return;
  }
  const v = await ask('/api/guard', { text: rules.value, reply, topic: $('topic').value || null });
  if (turn !== asked.reply) return;
  out.replaceChildren();
  const head = document.createElement('p');
  head.textContent = v.ok ? 'It may be sent.' : 'Held back: a person answers instead.';
  head.className = v.ok ? 'badge good' : 'badge bad';
  out.append(head);
  const chars = Array.from(reply);
  for (const b of v.broken) {
    const p = document.createElement('p');
    const mark = document.createElement('mark');
    mark.textContent = chars.slice(b.start, b.end).join('');
    p.append(`Breaks "${b.rule} ${b.phrase}" (line ${b.line}): `, mark, ` — ${b.why}`);
    out.append(p);
  }
  out.append(addTestButton(v.test));
}

async function applyFix(i) {
  try {
    const { text } = await ask('/api/fix', { text: rules.value, diagnostic: i });
    rules.value = text;
    await analyze();
  } catch (error) {
    say(error.message, 'bad');
  }
}

async function show(target) {
  const { text } = await ask('/api/build', { text: rules.value, target });
  $('output').textContent = text;
  $('output-box').hidden = false;
  $('output-box').scrollIntoView();
}

const analyzeSoon = debounce(analyze, 300);

async function openEditor(file) {
  try {
    const socketUrl = new URL('/lsp', location.href);
    socketUrl.protocol = socketUrl.protocol.replace('http', 'ws');
    editor = await HandoffEditor.createEditor({
      parent: $('rules-editor'),
      text: file.text,
      socketUrl: socketUrl.href,
      uri: file.uri,
      label: $('rules-label').textContent,
      changed: analyzeSoon,
    });
    $('rules').hidden = true;
    $('rules-label').htmlFor = '';
    $('rules-label').addEventListener('click', () => editor.focus());
  } catch (error) {
    editor = null;
    say(`${error.message}: the rules are in a plain text box.`, 'bad');
  }
}

async function load() {
  const file = await ask('/api/file');
  $('path').textContent = file.path;
  $('rules').value = file.text;
  saved = file.text;
  version = file.version;
  if (typeof HandoffEditor !== 'undefined') await openEditor(file);
  await analyze();
}

$('rules').addEventListener('input', analyzeSoon);
$('message').addEventListener('input', debounce(tryMessage, 300));
$('reply').addEventListener('input', debounce(tryReply, 300));
$('topic').addEventListener('change', tryReply);
$('format').addEventListener('click', async () => {
  try {
    rules.value = (await ask('/api/format', { text: rules.value })).text;
    await analyze();
  } catch (error) {
    say(error.message, 'bad');
  }
});
$('save').addEventListener('click', async () => {
  try {
    const text = rules.value;
    version = (await ask('/api/save', { text, version })).version;
    saved = text;
    say('Saved.', 'good');
    await changes();
  } catch (error) {
    say(error.message, 'bad');
    if (error.message.includes('changed on disk')) $('reload').hidden = false;
  }
});
$('reload').addEventListener('click', async () => {
  // Your text goes to the output box first, to copy back what you need.
  const yours = rules.value;
  const file = await ask('/api/file');
  takeFromDisk(file);
  $('output').textContent = yours;
  $('output-box').hidden = false;
  say('Loaded the file from disk; your edit is under "Output" to copy from.', 'good');
});
setInterval(watchDisk, 3000);
window.addEventListener('focus', watchDisk);
$('show-map').addEventListener('click', () => show('map'));
$('show-prompt').addEventListener('click', () => show('prompt'));
load().catch((error) => say(error.message, 'bad'));
