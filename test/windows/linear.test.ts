// Every Windows parser is linear in its input (DESIGN convention 14: never a hang). For each shape
// that once made a parser quadratic — a long run of one character where a pattern or a validator
// re-scanned it from every position — the same input is parsed at n and 8n bytes: linear work grows
// about 8×, quadratic about 64×, and the test allows 20×. Times are CPU time (process.cpuUsage), the
// best of a few runs, and anything under an absolute floor counts as the floor, so a fast machine's
// tiny times or a busy machine's pauses do not decide the outcome. Each run must end in a parse or a
// one-line typed error, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWindowsInput } from '../../src/windows/index.js';
import { TlsDoctorError } from '../../src/errors.js';
import { WINDOWS_PARSERS } from '../../src/windows/parser-registry.js';
import { checkXml, lineStarts } from '../../src/windows/xml.js';

const SMALL = 20_000;
const RATIO = 20;
/** ms of CPU below which a run is not told apart from noise */
const FLOOR_MS = 15;
const RUNS = 3;

type Outcome = { parsed: true; kind: string } | { parsed: false; message: string };

function outcome(text: string, origin: string): Outcome {
  try {
    return { parsed: true, kind: parseWindowsInput(Buffer.from(text, 'utf8'), origin).kind };
  } catch (e) {
    assert.ok(e instanceof TlsDoctorError, `${origin}: untyped error ${String(e)}`);
    assert.ok(!e.message.includes('\n'), `${origin}: error message on one line`);
    assert.ok(e.message.startsWith(`${origin}:`), `${origin}: error names the input`);
    return { parsed: false, message: e.message };
  }
}

function cpuMs(f: () => void): number {
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** Runs `run` on inputs of SMALL and LARGE characters of the pathological run and compares. */
function assertLinear(
  name: string,
  make: (n: number) => string,
  run: (text: string) => void,
  smallSize = SMALL,
): void {
  const small = make(smallSize);
  const large = make(8 * smallSize);
  run(small); // warm up the code paths once
  const a = Math.max(
    cpuMs(() => run(small)),
    FLOOR_MS,
  );
  const b = cpuMs(() => run(large));
  assert.ok(
    b < RATIO * a,
    `${name}: ${smallSize} → ${8 * smallSize} chars took ${a.toFixed(1)} → ${b.toFixed(1)} ms CPU (more than ${RATIO}×: super-linear)`,
  );
}

interface Shape {
  name: string;
  make: (n: number) => string;
  /** n for the smaller input when SMALL does not fit (one line stays under the line-length cap) */
  small?: number;
  /** what the input must come out as: a parse of this kind, or an error matching this */
  expect: { kind: string } | { error: RegExp };
}

const APPHOST_HEAD = '<?xml version="1.0"?>\n<configuration>\n<system.applicationHost>\n<sites>\n';
const APPHOST_TAIL = '</sites>\n</system.applicationHost>\n</configuration>\n';
const REG_HEAD = 'Windows Registry Editor Version 5.00\r\n\r\n';
const blankRunLine = (n: number): string => ('a' + ' '.repeat(255)).repeat(Math.ceil(n / 256));
/** one line of blank runs as wide as n, which must stay under the line-length cap */
const WIDE = 6_000;

const SHAPES: Shape[] = [
  {
    name: 'applicationHost.config: blanks inside a tag',
    make: (n) =>
      `${APPHOST_HEAD}<site name="a" id="1"${' '.repeat(n)}>\n<bindings><binding protocol="https" bindingInformation="*:443:" /></bindings></site>\n${APPHOST_TAIL}`,
    expect: { kind: 'applicationhost-config' },
  },
  {
    name: 'applicationHost.config: blanks in a tag that is never closed',
    make: (n) => `${APPHOST_HEAD}<site name="a"${' '.repeat(n)}`,
    expect: { error: /not well-formed XML at line 5 \(offset \d+\): tag <site> is not closed/ },
  },
  {
    name: 'applicationHost.config: many bindings (line numbers)',
    make: (n) =>
      `${APPHOST_HEAD}<site name="a" id="1">\n<bindings>\n${'<binding protocol="https" bindingInformation="127.0.0.1:443:" />\n'.repeat(Math.ceil(n / 64))}</bindings></site>\n${APPHOST_TAIL}`,
    expect: { kind: 'applicationhost-config' },
  },
  {
    name: 'applicationHost.config: elements nested without end',
    make: (n) => `${APPHOST_HEAD}${'<a>'.repeat(Math.ceil(n / 3))}`,
    expect: { error: /nested deeper than \d+/ },
  },
  {
    name: 'event XML: newlines inside a tag',
    make: (n) =>
      `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System${'\n'.repeat(n)}><Provider Name="Schannel"/><EventID>36874</EventID></System></Event>\n`,
    expect: { kind: 'events-xml' },
  },
  {
    name: 'event XML: newlines in an attribute list that is never closed',
    make: (n) => `<Event><System><Provider Name="Schannel"${'\r\n'.repeat(n / 2)}`,
    expect: { error: /event XML is not well-formed near line 1 \(offset \d+\)/ },
  },
  {
    name: "event XML: many '<Event' and no '<System' (detection)",
    make: (n) => `<Events>${'<Event '.repeat(Math.ceil(n / 7))}`,
    expect: { error: /./ },
  },
  {
    name: 'event XML: blank lines before each element (collapse markers)',
    make: (n) =>
      `<Events>${'\n'.repeat(n)}- <Event><System><Provider Name="Schannel"/><EventID>36874</EventID></System></Event></Events>`,
    expect: { kind: 'events-xml' },
  },
  {
    name: 'event text: wide lines of blank runs after a label',
    make: (n) => `Event[0]:\n  Log Name: System\n  Event ID: 36874\n  Description: ${blankRunLine(n)}\n`,
    small: WIDE,
    expect: { kind: 'events-text' },
  },
  {
    name: '.reg export: a run of backslashes in a key path',
    make: (n) => `${REG_HEAD}[HKEY_LOCAL_MACHINE\\SYSTEM${'\\'.repeat(n)}x]\r\n"Enabled"=dword:00000001\r\n`,
    expect: { kind: 'reg-export' },
  },
  {
    name: 'reg query: a run of backslashes in a key line',
    make: (n) => `HKEY_LOCAL_MACHINE\\SYSTEM${'\\'.repeat(n)}x\r\n    Enabled    REG_DWORD    0x1\r\n`,
    expect: { kind: 'reg-query' },
  },
  {
    name: 'reg query: wide lines of blank runs (value columns)',
    make: (n) =>
      `HKEY_LOCAL_MACHINE\\SYSTEM\\X\r\n    Enabled    REG_DWORD    0x1\r\n${' '.repeat(256)}${blankRunLine(n)}\r\n`,
    small: WIDE,
    expect: { kind: 'reg-query' },
  },
  {
    name: 'Get-TlsCipherSuite: a Name header and a run of newlines (detection)',
    make: (n) => `Name${'\n'.repeat(n)}x`,
    expect: { error: /./ },
  },
];

for (const shape of SHAPES) {
  test(`linear: ${shape.name}`, () => {
    const small = shape.small ?? SMALL;
    for (const n of [small, 8 * small]) {
      const o = outcome(shape.make(n), 'input.txt');
      if ('kind' in shape.expect) {
        assert.ok(o.parsed, `${shape.name} (${n}): expected a parse, got ${o.parsed ? '' : o.message}`);
        assert.equal(o.kind, shape.expect.kind);
      } else {
        assert.ok(
          !o.parsed,
          `${shape.name} (${n}): expected an error, got a parse as ${o.parsed ? o.kind : ''}`,
        );
        assert.match(o.message, shape.expect.error);
      }
    }
    assertLinear(
      shape.name,
      shape.make,
      (text) => {
        outcome(text, 'input.txt');
      },
      small,
    );
  });
}

// Blank runs are cut to 256 and lines to 64 K characters before any parser looks at them, so a
// pattern that re-scans a blank run from each of its blanks stays linear in the input — but with a
// factor of 256² that made one wide line cost seconds. A ratio cannot see that; a budget far above
// what a wide line needs can.
test('a line as wide as the line cap, all blank runs, costs well under a second', () => {
  const wide = ' '.repeat(256) + blankRunLine(60_000);
  const inputs: Array<[string, string]> = [
    ['reg query', `HKEY_LOCAL_MACHINE\\SYSTEM\\X\r\n    Enabled    REG_DWORD    0x1\r\n${wide}\r\n`],
    ['event text', `Event[0]:\n  Log Name: System\n  Event ID: 36874\n${wide}\n  Description: ${wide}\n`],
    ['netstat', `  Proto  Local Address          Foreign Address        State           PID\n${wide}\n`],
  ];
  for (const [name, text] of inputs) {
    const ms = cpuMs(() => {
      outcome(text, 'input.txt');
    });
    assert.ok(
      ms < 1500,
      `${name}: one ${wide.length}-character line of blank runs took ${ms.toFixed(0)} ms CPU`,
    );
  }
});

test('linear: every parser detects in linear time over runs of any one character', () => {
  const fills = [' ', '\t', '\n', '\r\n', '\\', ':', '<Event ', '-', 'a '];
  for (const parser of WINDOWS_PARSERS) {
    for (const fill of fills) {
      for (const head of ['', 'Name', 'HKLM\\X\n', 'Event[0]:\n', '<Event>']) {
        const make = (n: number): string => head + fill.repeat(Math.ceil(n / fill.length)) + 'x';
        assertLinear(
          `${parser.id} detect on ${JSON.stringify(head)} + ${JSON.stringify(fill)}×n`,
          make,
          (t) => {
            parser.detect(t);
          },
        );
      }
    }
  }
});

test('the XML check names the line and offset of the first problem, on one line', () => {
  assert.equal(checkXml('<a x="1"><b/></a>'), undefined);
  assert.equal(checkXml('<?xml version="1.0"?>\n<!-- c --><a><![CDATA[<x>]]></a>\n'), undefined);
  const p = checkXml('<a>\n  <b x="1" x="2"/>\n</a>');
  assert.deepEqual(p, { offset: 15, line: 2, message: "attribute 'x' repeated in tag <b>" });
  assert.match(checkXml('<a>\n</b>')!.message, /closing tag <\/b> where <\/a> was expected/);
  assert.match(checkXml('<a/><b/>')!.message, /a second root element <b>/);
  assert.equal(checkXml('- <a/>\n- <b/>', { fragment: true }), undefined);
  assert.match(checkXml('<a x=1/>')!.message, /not quoted/);
  assert.match(checkXml('<a x="<"/>')!.message, /'<' inside the value/);
});

test('line numbers of matches are counted once', () => {
  assert.deepEqual(lineStarts('<b \n\n<b \n<b ', /<b\s/g), [1, 3, 4]);
});
