/**
 * Whether a SQL statement names its county on every county table it touches, so that on Citus
 * (docs/adr/0008-citus-distribution.md) it routes to the one shard holding that county.
 *
 * A reference to a county table qualifies when the statement
 * - inserts into it with a county_id column, or
 * - has, as a top-level conjunct of a WHERE or ON clause, `county_id = $n` (or a literal) on it,
 *   where $n is a county's id, or `county_id = other.county_id` with an `other` that qualifies
 *   (a join, or a correlated subquery on the outer row).
 * A conjunct under a top-level OR restricts nothing, so a clause with one counts for nothing.
 *
 * The SQL is what kysely compiles (quoted names, $n parameters) and the few raw fragments the
 * repositories write; this reads that shape, not all of SQL. What it cannot read about a county
 * table counts as not qualifying: a new query shape fails loudly rather than passing unseen.
 */

type Kind = 'name' | 'word' | 'param' | 'string' | 'number' | 'op' | 'open' | 'close' | 'comma' | 'dot';
interface Token {
  kind: Kind;
  text: string;
}

/** A table as a statement names it: where, as what, and whether it was found to qualify. */
interface TableRef {
  table: string;
  alias: string;
  scope: Scope;
  qualifies: boolean;
}

interface Scope {
  parent?: Scope;
  refs: TableRef[];
}

export interface CountyFilterVerdict {
  /** County tables the statement touches. */
  tables: string[];
  /** Why it does not route to one county's shard; empty when it does. */
  problems: string[];
}

/** Words that open a statement: in parentheses, a subquery or the body of a WITH query. */
const STATEMENT_START = new Set(['select', 'insert', 'update', 'delete', 'with']);

/** Words that end a FROM list, a WHERE or an ON clause. */
const CLAUSE_END = new Set(['where', 'on', 'join', 'inner', 'left', 'right', 'full', 'cross', 'group', 'order', 'limit', 'offset', 'having', 'returning', 'for', 'union', 'set', 'values', 'select', 'window', 'using']);

export function checkCountyFilter(statement: string, parameters: readonly unknown[], countyTables: ReadonlySet<string>, countyIds: ReadonlySet<string>): CountyFilterVerdict {
  const tokens = tokenize(statement);
  const mentioned = [...new Set(tokens.filter((t) => (t.kind === 'name' || t.kind === 'word') && countyTables.has(t.text)).map((t) => t.text))];
  if (!mentioned.length) return { tables: [], problems: [] };

  const refs: TableRef[] = [];
  const edges: Array<[TableRef, TableRef]> = [];
  const isCounty = (operand: Token[]): boolean => {
    if (operand.length !== 1) return false;
    const [t] = operand;
    if (t.kind === 'string') return countyIds.has(t.text);
    if (t.kind === 'param') return countyIds.has(String(parameters[Number(t.text.slice(1)) - 1]));
    return false;
  };

  /** Reads one scope: the statement, or a parenthesised SELECT within it. Returns the index after it. */
  function readScope(start: number, parent: Scope | undefined): number {
    const scope: Scope = { parent, refs: [] };
    const clauses: Token[][] = [];
    let i = start;
    let depth = 0;
    while (i < tokens.length) {
      const t = tokens[i];
      if (t.kind === 'open') {
        // A subquery or a WITH query's body is its own scope; any other parenthesis belongs to this one.
        if (tokens[i + 1]?.kind === 'word' && STATEMENT_START.has(tokens[i + 1].text)) {
          i = readScope(i + 1, scope);
          continue;
        }
        depth++;
      } else if (t.kind === 'close') {
        if (depth === 0) break;
        depth--;
      } else if (t.kind === 'word' && depth === 0) {
        if (t.text === 'from' || t.text === 'join' || t.text === 'into' || t.text === 'update') {
          i = readTables(i + 1, scope, t.text);
          continue;
        }
        // The clause's conjuncts are read once the scope's tables are known; reading on finds its subqueries.
        if (t.text === 'where' || t.text === 'on') clauses.push(tokens.slice(i + 1, clauseEnd(i + 1)));
      }
      i++;
    }
    for (const clause of clauses) readConjuncts(clause, scope);
    return tokens[i]?.kind === 'close' ? i + 1 : i;
  }

  /** The table list after FROM, JOIN, INTO or UPDATE. */
  function readTables(start: number, scope: Scope, keyword: string): number {
    let i = start;
    for (;;) {
      const t = tokens[i];
      if (!t) return i;
      // A subquery or a function (unnest(...)) in FROM: the subquery is read as a scope by the caller.
      if (t.kind === 'open') return i;
      if (t.kind !== 'name' && t.kind !== 'word') return i;
      if (tokens[i + 1]?.kind === 'open' && keyword !== 'into') return i;
      let table = t.text;
      i++;
      if (tokens[i]?.kind === 'dot') {
        table = tokens[i + 1].text; // schema.table
        i += 2;
      }
      let alias = table;
      if (tokens[i]?.kind === 'word' && tokens[i].text === 'as') i++;
      if (tokens[i] && (tokens[i].kind === 'name' || (tokens[i].kind === 'word' && !CLAUSE_END.has(tokens[i].text) && tokens[i].text !== 'as'))) {
        alias = tokens[i].text;
        i++;
      }
      const ref: TableRef = { table, alias, scope, qualifies: false };
      if (countyTables.has(table)) {
        scope.refs.push(ref);
        refs.push(ref);
        if (keyword === 'into') ref.qualifies = insertsCounty(i);
      }
      if (keyword !== 'from' || tokens[i]?.kind !== 'comma') return i;
      i++;
    }
  }

  /** INSERT INTO t (columns): whether the columns include county_id. */
  function insertsCounty(i: number): boolean {
    if (tokens[i]?.kind !== 'open') return false;
    for (let j = i + 1; j < tokens.length && tokens[j].kind !== 'close'; j++) if (tokens[j].text === 'county_id') return true;
    return false;
  }

  function clauseEnd(start: number): number {
    let depth = 0;
    for (let i = start; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close') {
        if (depth === 0) return i;
        depth--;
      } else if (depth === 0 && t.kind === 'word' && CLAUSE_END.has(t.text)) return i;
    }
    return tokens.length;
  }

  function readConjuncts(clause: Token[], scope: Scope): void {
    const conjuncts: Token[][] = [[]];
    let depth = 0;
    for (const t of clause) {
      if (t.kind === 'open') depth++;
      if (t.kind === 'close') depth--;
      if (depth === 0 && t.kind === 'word' && t.text === 'or') return;
      if (depth === 0 && t.kind === 'word' && t.text === 'and') conjuncts.push([]);
      else conjuncts[conjuncts.length - 1].push(t);
    }
    for (const conjunct of conjuncts) {
      // `where (a and b)`: kysely groups a list of conditions in parentheses; its conjuncts are the clause's.
      if (enclosed(conjunct)) {
        readConjuncts(conjunct.slice(1, -1), scope);
        continue;
      }
      const eq = topLevelEquals(conjunct);
      if (eq < 0) continue;
      const left = withoutCast(conjunct.slice(0, eq));
      const right = withoutCast(conjunct.slice(eq + 1));
      const l = countyColumn(left, scope);
      const r = countyColumn(right, scope);
      if (l && r) edges.push([l, r]);
      else if (l && isCounty(right)) l.qualifies = true;
      else if (r && isCounty(left)) r.qualifies = true;
    }
  }

  /** Whether the tokens are one parenthesised group, from the first to the last. */
  function enclosed(conjunct: Token[]): boolean {
    if (conjunct[0]?.kind !== 'open' || conjunct[conjunct.length - 1]?.kind !== 'close') return false;
    let depth = 0;
    for (const [i, t] of conjunct.entries()) {
      if (t.kind === 'open') depth++;
      if (t.kind === 'close') depth--;
      if (depth === 0) return i === conjunct.length - 1;
    }
    return false;
  }

  /** `county_id` or `alias.county_id`, resolved to the table it is a column of. */
  function countyColumn(operand: Token[], scope: Scope): TableRef | undefined {
    if (operand.length === 1 && operand[0].text === 'county_id') return scope.refs.length === 1 ? scope.refs[0] : undefined;
    if (operand.length === 3 && operand[1].kind === 'dot' && operand[2].text === 'county_id') {
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        const found = s.refs.find((r) => r.alias === operand[0].text);
        if (found) return found;
      }
    }
    return undefined;
  }

  readScope(0, undefined);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of edges) {
      if (a.qualifies !== b.qualifies) {
        a.qualifies = b.qualifies = true;
        changed = true;
      }
    }
  }

  const problems: string[] = [];
  for (const table of mentioned) if (!refs.some((r) => r.table === table)) problems.push(`${table}: used in a way this check cannot read`);
  for (const ref of refs) if (!ref.qualifies) problems.push(`${ref.table}${ref.alias !== ref.table ? ` as ${ref.alias}` : ''}: no county_id = <county>`);
  return { tables: mentioned, problems };
}

function topLevelEquals(conjunct: Token[]): number {
  let depth = 0;
  for (let i = 0; i < conjunct.length; i++) {
    const t = conjunct[i];
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (depth === 0 && t.kind === 'op' && t.text === '=') return i;
  }
  return -1;
}

function withoutCast(operand: Token[]): Token[] {
  const cast = operand.findIndex((t) => t.kind === 'op' && t.text === '::');
  return cast < 0 ? operand : operand.slice(0, cast);
}

function tokenize(statement: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|"((?:[^"]|"")*)"|'((?:[^']|'')*)'|(\$\d+)|([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d+)?)|(::|<>|!=|<=|>=|&&|@>|<@|\|\||[=<>+\-*/%~!@#^&|])|(\()|(\))|(,)|(\.)|(;)|(.)/gs;
  for (const m of statement.matchAll(pattern)) {
    if (m[1] !== undefined) tokens.push({ kind: 'name', text: m[1].replace(/""/g, '"') });
    else if (m[2] !== undefined) tokens.push({ kind: 'string', text: m[2].replace(/''/g, "'") });
    else if (m[3]) tokens.push({ kind: 'param', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'word', text: m[4].toLowerCase() });
    else if (m[5]) tokens.push({ kind: 'number', text: m[5] });
    else if (m[6]) tokens.push({ kind: 'op', text: m[6] });
    else if (m[7]) tokens.push({ kind: 'open', text: '(' });
    else if (m[8]) tokens.push({ kind: 'close', text: ')' });
    else if (m[9]) tokens.push({ kind: 'comma', text: ',' });
    else if (m[10]) tokens.push({ kind: 'dot', text: '.' });
    else if (m[12]) tokens.push({ kind: 'op', text: m[12] });
  }
  return tokens;
}
