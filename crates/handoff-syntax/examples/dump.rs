fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(path).unwrap();
    let (text, _) = handoff_syntax::decode(&bytes);
    let p = handoff_syntax::parse(&text);
    if std::env::args().nth(2).is_some() { println!("{:#?}", p.tree); }
    for d in p.diagnostics { println!("{}..{} {} | {:?} | {:?}", d.span.start, d.span.end, d.message, d.help, d.fix.map(|f| f.title)); }
}
