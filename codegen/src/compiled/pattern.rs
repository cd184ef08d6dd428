//! `pattern` keywords compiled to deterministic automata.
//!
//! The schemas use a handful of simple anchored patterns (`^[0-9]{12,19}$`,
//! `^-?(0|[1-9][0-9]{0,17})$`, ...). Each one is parsed here (a small subset of ECMA-262
//! syntax: `^...$` around literals, `\`-escaped punctuation, ASCII character classes, groups,
//! alternation and the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`), turned into an NFA,
//! then a DFA over bytes, and emitted as one Rust function. Every construct outside that subset
//! (`.`, `\d`, negated classes, non-ASCII characters, lookarounds, unanchored patterns, ...) is
//! refused, naming the pattern, so a schema change cannot silently change what is matched.
//!
//! Exactness: the whole string must match (`^` at its start, `$` at its end: without the
//! multiline flag ECMA's `$` matches only at the very end, as the `regex`/`fancy-regex` engines
//! of the `jsonschema` crate do). Every atom matches one ASCII character, so a string with a
//! non-ASCII byte never matches, and matching bytes is matching characters.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A set of ASCII characters.
type Class = u128;

#[derive(Debug, Clone)]
enum Node {
    Class(Class),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    pattern: &'a str,
}

const MAX_REPEAT: u32 = 1000;

impl Parser<'_> {
    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!(
            "pattern {:?}: {what} (at character {}); the compiled validator supports anchored \
             patterns of ASCII literals, classes, groups, alternation and quantifiers only",
            self.pattern, self.at
        ))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn alt(&mut self) -> Result<Node, String> {
        let mut branches = vec![self.concat()?];
        while self.peek() == Some('|') {
            self.at += 1;
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap()
        } else {
            Node::Alt(branches)
        })
    }

    fn concat(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' || (c == '$' && self.at + 1 == self.chars.len()) {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn number(&mut self) -> Result<u32, String> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        if start == self.at {
            return self.fail("a number was expected in a quantifier");
        }
        let text: String = self.chars[start..self.at].iter().collect();
        match text.parse::<u32>() {
            Ok(n) if n <= MAX_REPEAT => Ok(n),
            _ => self.fail("a quantifier bound is too large"),
        }
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.at += 1;
                let min = self.number()?;
                let max = if self.peek() == Some(',') {
                    self.at += 1;
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}') {
                    return self.fail("unterminated quantifier");
                }
                if max.is_some_and(|m| m < min) {
                    return self.fail("a quantifier's maximum is below its minimum");
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        if matches!(self.peek(), Some('?' | '*' | '+' | '{')) {
            return self.fail("lazy or stacked quantifiers are not supported");
        }
        Ok(Node::Repeat(Box::new(atom), min, max))
    }

    fn literal(&self, c: char) -> Result<Class, String> {
        if !c.is_ascii() || c.is_ascii_control() {
            return self.fail("only printable ASCII characters are supported");
        }
        Ok(1u128 << (c as u32))
    }

    /// An escaped character: punctuation only (`\.`, `\-`, ...).
    fn escaped(&mut self) -> Result<Class, String> {
        self.at += 1;
        match self.peek() {
            Some(c) if c.is_ascii_punctuation() => {
                self.at += 1;
                self.literal(c)
            }
            _ => self.fail("only escaped punctuation is supported (no \\d, \\w, \\s, \\b, ...)"),
        }
    }

    fn atom(&mut self) -> Result<Node, String> {
        match self.peek() {
            Some('(') => {
                self.at += 1;
                if self.peek() == Some('?') {
                    return self.fail("group modifiers (?:, lookarounds, names) are not supported");
                }
                let inner = self.alt()?;
                if self.peek() != Some(')') {
                    return self.fail("unbalanced parenthesis");
                }
                self.at += 1;
                Ok(inner)
            }
            Some('[') => {
                self.at += 1;
                self.class().map(Node::Class)
            }
            Some('\\') => self.escaped().map(Node::Class),
            Some(c @ ('.' | '^' | '$' | '*' | '+' | '?' | '{' | '}' | ']')) => {
                self.fail(&format!("`{c}` is not supported here"))
            }
            Some(c) => {
                self.at += 1;
                self.literal(c).map(Node::Class)
            }
            None => self.fail("unexpected end"),
        }
    }

    fn class_char(&mut self) -> Result<char, String> {
        match self.peek() {
            Some('\\') => {
                self.at += 1;
                match self.peek() {
                    Some(c) if c.is_ascii_punctuation() => {
                        self.at += 1;
                        Ok(c)
                    }
                    _ => self.fail("only escaped punctuation is supported in a class"),
                }
            }
            Some('[') => self.fail("`[` inside a class is not supported"),
            Some(c) => {
                self.at += 1;
                self.literal(c)?;
                Ok(c)
            }
            None => self.fail("unterminated class"),
        }
    }

    fn class(&mut self) -> Result<Class, String> {
        if self.peek() == Some('^') {
            return self.fail("negated classes are not supported");
        }
        let mut set: Class = 0;
        let mut first = true;
        loop {
            match self.peek() {
                Some(']') if !first => {
                    self.at += 1;
                    return Ok(set);
                }
                None => return self.fail("unterminated class"),
                _ => {}
            }
            first = false;
            let lo = self.class_char()?;
            if self.peek() == Some('-') && self.chars.get(self.at + 1) != Some(&']') {
                self.at += 1;
                let hi = self.class_char()?;
                if hi < lo {
                    return self.fail("reversed range in a class");
                }
                for c in lo..=hi {
                    set |= 1u128 << (c as u32);
                }
            } else {
                set |= 1u128 << (lo as u32);
            }
        }
    }
}

fn parse(pattern: &str) -> Result<Node, String> {
    let mut p = Parser {
        chars: pattern.chars().collect(),
        at: 0,
        pattern,
    };
    if p.peek() != Some('^') {
        return p.fail("the pattern must start with `^`");
    }
    p.at = 1;
    let node = p.alt()?;
    if p.peek() != Some('$') || p.at + 1 != p.chars.len() {
        return p.fail("the pattern must end with `$` (and hold no other `^`, `$` or `)`)");
    }
    Ok(node)
}

/// A Thompson NFA: per state, epsilon moves and character-class moves.
#[derive(Default)]
struct Nfa {
    eps: Vec<Vec<usize>>,
    moves: Vec<Vec<(Class, usize)>>,
}

impl Nfa {
    fn state(&mut self) -> usize {
        self.eps.push(Vec::new());
        self.moves.push(Vec::new());
        self.eps.len() - 1
    }

    /// Adds `node` between `from` and a new state, which is returned.
    fn build(&mut self, node: &Node, from: usize) -> usize {
        match node {
            Node::Class(c) => {
                let to = self.state();
                self.moves[from].push((*c, to));
                to
            }
            Node::Concat(items) => items.iter().fold(from, |at, item| self.build(item, at)),
            Node::Alt(branches) => {
                let to = self.state();
                for b in branches {
                    let end = self.build(b, from);
                    self.eps[end].push(to);
                }
                to
            }
            Node::Repeat(inner, min, max) => {
                let mut at = from;
                for _ in 0..*min {
                    at = self.build(inner, at);
                }
                match max {
                    Some(max) => {
                        let to = self.state();
                        self.eps[at].push(to);
                        for _ in *min..*max {
                            at = self.build(inner, at);
                            self.eps[at].push(to);
                        }
                        to
                    }
                    None => {
                        let loop_start = self.state();
                        self.eps[at].push(loop_start);
                        let end = self.build(inner, loop_start);
                        self.eps[end].push(loop_start);
                        loop_start
                    }
                }
            }
        }
    }

    fn closure(&self, states: impl IntoIterator<Item = usize>) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        let mut stack: Vec<usize> = states.into_iter().collect();
        while let Some(s) = stack.pop() {
            if out.insert(s) {
                stack.extend(self.eps[s].iter().copied());
            }
        }
        out
    }
}

/// A DFA over ASCII bytes: `next[state][byte]` (`None`: no match possible), accepting states.
struct Dfa {
    next: Vec<[Option<usize>; 128]>,
    accept: Vec<bool>,
}

const MAX_STATES: usize = 512;

fn dfa(pattern: &str) -> Result<Dfa, String> {
    let node = parse(pattern)?;
    let mut nfa = Nfa::default();
    let start = nfa.state();
    let end = nfa.build(&node, start);
    let mut ids: HashMap<BTreeSet<usize>, usize> = HashMap::new();
    let mut sets = vec![nfa.closure([start])];
    ids.insert(sets[0].clone(), 0);
    let mut out = Dfa {
        next: Vec::new(),
        accept: Vec::new(),
    };
    let mut i = 0;
    while i < sets.len() {
        let set = sets[i].clone();
        let mut row = [None; 128];
        for (byte, slot) in row.iter_mut().enumerate() {
            let targets: Vec<usize> = set
                .iter()
                .flat_map(|&s| nfa.moves[s].iter())
                .filter(|(class, _)| class & (1u128 << byte) != 0)
                .map(|&(_, to)| to)
                .collect();
            if targets.is_empty() {
                continue;
            }
            let target = nfa.closure(targets);
            let id = match ids.get(&target) {
                Some(&id) => id,
                None => {
                    sets.push(target.clone());
                    ids.insert(target, sets.len() - 1);
                    sets.len() - 1
                }
            };
            *slot = Some(id);
        }
        out.accept.push(set.contains(&end));
        out.next.push(row);
        i += 1;
        if sets.len() > MAX_STATES {
            return Err(format!(
                "pattern {pattern:?}: its automaton has more than {MAX_STATES} states"
            ));
        }
    }
    Ok(out)
}

fn byte_pattern(b: u8) -> TokenStream {
    if b.is_ascii_graphic() || b == b' ' {
        let lit = proc_macro2::Literal::byte_character(b);
        quote!(#lit)
    } else {
        let lit = proc_macro2::Literal::u8_suffixed(b);
        quote!(#lit)
    }
}

/// The Rust function `fn <name>(s: &str) -> bool` matching `pattern` as a whole string.
pub fn function(name: &str, pattern: &str) -> Result<TokenStream, String> {
    let dfa = dfa(pattern)?;
    let ident = format_ident!("{name}");
    let states = dfa.next.len();
    let ty = if states <= 256 {
        quote!(u8)
    } else {
        quote!(u16)
    };
    let mut arms = Vec::new();
    for (state, row) in dfa.next.iter().enumerate() {
        // Runs of consecutive bytes going to the same state, grouped by target.
        let mut by_target: BTreeMap<usize, Vec<(u8, u8)>> = BTreeMap::new();
        let mut b = 0usize;
        while b < 128 {
            let Some(target) = row[b] else {
                b += 1;
                continue;
            };
            let start = b;
            while b + 1 < 128 && row[b + 1] == Some(target) {
                b += 1;
            }
            by_target
                .entry(target)
                .or_default()
                .push((start as u8, b as u8));
            b += 1;
        }
        let s = proc_macro2::Literal::usize_unsuffixed(state);
        for (target, ranges) in by_target {
            let t = proc_macro2::Literal::usize_unsuffixed(target);
            let pats = ranges.iter().map(|&(lo, hi)| {
                let lo_t = byte_pattern(lo);
                if lo == hi {
                    lo_t
                } else {
                    let hi_t = byte_pattern(hi);
                    quote!(#lo_t..=#hi_t)
                }
            });
            arms.push(quote!((#s, #(#pats)|*) => #t,));
        }
    }
    // Accepting states, as ranges of consecutive ones.
    let mut accepting = Vec::new();
    let mut i = 0;
    while i < dfa.accept.len() {
        if !dfa.accept[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < dfa.accept.len() && dfa.accept[i + 1] {
            i += 1;
        }
        let lo = proc_macro2::Literal::usize_unsuffixed(start);
        let hi = proc_macro2::Literal::usize_unsuffixed(i);
        accepting.push(if start == i {
            quote!(#lo)
        } else {
            quote!(#lo..=#hi)
        });
        i += 1;
    }
    let doc = format!(" `{pattern}`");
    let result = if accepting.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(state, #(#accepting)|*))
    };
    Ok(quote! {
        #[doc = #doc]
        fn #ident(s: &str) -> bool {
            let mut state: #ty = 0;
            for b in s.bytes() {
                state = match (state, b) {
                    #(#arms)*
                    _ => return false,
                };
            }
            #result
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, s: &str) -> bool {
        let d = dfa(pattern).unwrap();
        let mut state = 0;
        for b in s.bytes() {
            if b >= 128 {
                return false;
            }
            match d.next[state][b as usize] {
                Some(n) => state = n,
                None => return false,
            }
        }
        d.accept[state]
    }

    #[test]
    fn matches_like_ecma() {
        let p = r"^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,17})?$";
        for ok in [
            "0",
            "-0",
            "12",
            "-12.5",
            "0.00000000000000001",
            "123456789012345678",
        ] {
            assert!(matches(p, ok), "{ok}");
        }
        for bad in [
            "",
            "-",
            "01",
            "1.",
            ".5",
            "1234567890123456789",
            "1\n",
            "1e5",
            "١",
        ] {
            assert!(!matches(p, bad), "{bad}");
        }
        let p = "^([0-9]{11}|[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}-[0-9]{2})$";
        assert!(matches(p, "12345678901"));
        assert!(matches(p, "123.456.789-01"));
        assert!(!matches(p, "123.456.789-0"));
        assert!(matches(
            "^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$",
            "DEUTDEFF500"
        ));
        assert!(!matches(
            "^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$",
            "DEUTDEFF50"
        ));
        assert!(matches("^(0[1-9]|1[0-2])$", "09"));
        assert!(!matches("^(0[1-9]|1[0-2])$", "13"));
        assert!(matches("^a+b*$", "aab"));
        assert!(matches("^[a-]$", "-"));
    }

    #[test]
    fn refuses_what_it_does_not_implement() {
        for p in [
            "[0-9]", "^.$", "^\\d$", "^[^a]$", "^(?:a)$", "^é$", "^a{2,1}$", "^a+?$",
        ] {
            assert!(dfa(p).is_err(), "{p}");
        }
    }
}
