use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Checks and compiles `.handoff` rules: what an AI agent that answers your
/// customers may do alone, must never promise, and when it hands over to a
/// person.
#[derive(Debug, Parser)]
#[command(name = "handoff", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check rule files and report every problem
    Check(CheckArgs),
    /// Compile a rule file into a JSON policy and an agent prompt
    Build(BuildArgs),
    /// Rewrite rule files in the canonical layout
    Fmt(FmtArgs),
    /// Show how one customer message is routed, and why
    Route(RouteArgs),
    /// Check an agent's reply before it is sent: exit 1 when it breaks a rule
    Guard(GuardArgs),
    /// Run the `test` lines of rule files
    Test(TestArgs),
    /// Explain a check: what it catches, why it matters, an example, the fix
    Explain(ExplainArgs),
    /// What a change to the rules lets the agent do, grouped by risk
    Diff(DiffArgs),
    /// Print the JSON Schema (2020-12) of the compiled policy
    Schema,
    /// Write a starter rules file for a kind of business
    Init(InitArgs),
    /// Read chat exports: what the rules catch, or a first rules file
    Inbox(InboxArgs),
    /// Read conversation logs: what the agent answered, handed off and held
    /// back, what no topic caught, and how changes to the rules moved it
    Report(WeekArgs),
    /// A local page to write the rules and see at once what they do
    Serve(ServeArgs),
    /// Run the language server on stdin and stdout, for editors
    Lsp,
}

#[derive(Debug, Args)]
pub struct InboxArgs {
    /// Chat exports: WhatsApp `.txt`, Instagram or Messenger `message_*.json`,
    /// a CSV, or plain text with a message a line
    #[arg(required = true)]
    pub exports: Vec<PathBuf>,
    /// Route every message by these rules and show what they catch; without
    /// it, print a draft rules file from the messages
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Your own name in the chats, so only customers' messages are read
    /// [default: the name that writes in most chats]
    #[arg(long, value_name = "NAME")]
    pub me: Option<String>,
    /// The CSV column that holds the messages
    #[arg(long, value_name = "NAME")]
    pub column: Option<String>,
    /// With --rules: write every message as a `test` line, expecting what the
    /// rules decide now, for you to review
    #[arg(long, value_name = "FILE", requires = "rules")]
    pub tests: Option<PathBuf>,
    /// With --rules: print the `about` words that would catch what no topic
    /// catches, as a diff of the rules
    #[arg(long, requires = "rules")]
    pub suggest: bool,
    /// Without --rules: write the draft to this file instead of printing it
    #[arg(long, value_name = "FILE", conflicts_with = "rules")]
    pub draft: Option<PathBuf>,
    /// How to print what the rules catch (or the draft, with its groups)
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The rules file the page edits (made when you first save, if missing)
    pub file: PathBuf,
    /// The address to listen on; anything but 127.0.0.1 or ::1 lets other
    /// machines reach the page (they still need its token)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7171")]
    pub listen: std::net::SocketAddr,
}

#[derive(Debug, Args)]
pub struct WeekArgs {
    /// Conversation logs (JSON lines, as `--log` and the packages'
    /// recorders write them)
    #[arg(required = true)]
    pub logs: Vec<PathBuf>,
    /// The rules the agent ran: which of their rules never fired, the likely
    /// topic of what none caught and, in a git repository, what each change
    /// to them did
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Also write the report as one self-contained HTML page
    #[arg(long, value_name = "OUT")]
    pub html: Option<PathBuf>,
    /// How to print the report
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// For people
    Text,
    /// Everything, for other tools
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The kind of business to start from
    #[arg(long, value_enum, default_value_t = Template::Salon)]
    pub template: Template,
    /// Where to write `rules.handoff` [default: .]
    pub dir: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// A hair salon: opening hours, bookings, cancellations, complaints
    Salon,
    /// A restaurant: tables, allergies, large groups, takeaway
    Restaurant,
    /// A shop selling on Instagram: products, stock, discounts, delivery
    Shop,
    /// A course organiser: dates, levels, registration, absence
    Course,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The rules before: a file, or `REV:PATH` for a git revision of one
    pub old: String,
    /// The rules after: a file, or `REV:PATH`
    pub new: String,
    /// How to print the changes
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Exit 1 when the agent gets more autonomy
    #[arg(long)]
    pub fail_on_wider: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Grouped plain words, for people
    Human,
    /// `{wider, stricter, wording}`, for tools
    Json,
    /// For a pull-request comment
    Markdown,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A check's code (`H005`) or name (`unknown-system`); without one, every
    /// check is listed
    pub check: Option<String>,
    /// How to print a check's page
    #[arg(long, value_enum, default_value_t = ExplainFormat::Terminal)]
    pub format: ExplainFormat,
    /// When to make the headings bold
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// For reading in a terminal: plain headings, examples indented
    Terminal,
    /// The page's Markdown source, as the docs and the editor show it
    Markdown,
}

#[derive(Debug, Args)]
pub struct RouteArgs {
    /// A rule file, or a compiled policy (`*.json`)
    pub file: PathBuf,
    /// The customer's message
    pub message: String,
    /// How to print the decision
    #[arg(long, value_enum, default_value_t = DecisionFormat::Human)]
    pub format: DecisionFormat,
    #[command(flatten)]
    pub log: LogArgs,
}

/// Appending what happened to a conversation log, as the rules' `log:` says.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Append a record of the message to this log (one JSON line, as the
    /// rules' `log:` keeps it, personal data removed first)
    #[arg(long, value_name = "LOG")]
    pub log: Option<PathBuf>,
    /// The channel the message came in on, for the record
    #[arg(long, value_name = "NAME", requires = "log")]
    pub channel: Option<String>,
    /// The conversation's id, for the record
    #[arg(long, value_name = "ID", requires = "log")]
    pub conversation: Option<String>,
    /// When the message arrived, RFC 3339 (default: now)
    #[arg(long, value_name = "TIME", requires = "log")]
    pub time: Option<String>,
}

#[derive(Debug, Args)]
pub struct GuardArgs {
    /// A rule file, or a compiled policy (`*.json`)
    pub file: PathBuf,
    /// The agent's reply, or `-` to read it from stdin
    pub reply: String,
    /// The conversation's topic: its `must not` phrases are checked too
    #[arg(long, value_name = "NAME")]
    pub topic: Option<String>,
    /// How to print the verdict
    #[arg(long, value_enum, default_value_t = VerdictFormat::Human)]
    pub format: VerdictFormat,
    /// The customer's message the reply answers: routed, and with `--log`
    /// recorded with the verdict; its topic is checked unless `--topic`
    #[arg(long, value_name = "TEXT")]
    pub message: Option<String>,
    #[command(flatten)]
    pub log: LogArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VerdictFormat {
    /// Each broken rule with the piece of the reply underlined, for people
    Human,
    /// `{ok, broken: [{rule, phrase, topic, line, piece, start, end, why}]}`
    Json,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Files, or directories searched for `*.handoff` [default: .]
    pub paths: Vec<PathBuf>,
    /// Also try each message as a hurried customer would type it, and
    /// report the variants that are decided differently
    #[arg(long)]
    pub messy: bool,
    /// When to colour problems in files that do not check
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DecisionFormat {
    /// The decision and its reasons, for people
    Human,
    /// `{topic, handoff, reasons, collect}`
    Json,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files, directories searched for `*.handoff`, or `-` to format stdin
    /// to stdout [default: .]
    pub paths: Vec<PathBuf>,
    /// Change nothing; list the files that would change and exit 1 if any
    #[arg(long)]
    pub check: bool,
    /// Change nothing; print a unified diff of what would change
    #[arg(long)]
    pub diff: bool,
    /// When to colour problems in files that do not parse
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour the human format
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Treat warnings as errors (exit 1 when there are any)
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, or directories searched for `*.handoff` files [default: .]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The rule file to compile
    pub file: PathBuf,
    /// What to write; repeat for several [default: policy on stdout, every
    /// output with -o]
    #[arg(long, value_enum)]
    pub emit: Vec<EmitTarget>,
    /// Write NAME.policy.json, NAME.prompt.md... into this directory
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets, labels and help, for people
    Human,
    /// One line per problem: file:line:col: severity[code/name]: message
    Short,
    /// A JSON array of problems, for tools
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request
    Github,
    /// SARIF 2.1.0, for code-scanning upload
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EmitTarget {
    /// The JSON policy for agent runtimes
    Policy,
    /// The agent system prompt (Markdown)
    Prompt,
    /// The `handoff_to_human` tool: OpenAI, Anthropic and JSON Schema shapes
    Tool,
    /// The handoff map for staff (self-contained HTML)
    Map,
    /// The JSON Schema of one audit-log record, with redaction patterns
    LogSchema,
    /// Plain-text instructions for Meta's business AI
    Meta,
    /// Every output (needs `-o DIR`)
    All,
}

impl EmitTarget {
    pub fn targets(self) -> Vec<handoff_emit::Target> {
        use handoff_emit::Target;
        match self {
            EmitTarget::Policy => vec![Target::Policy],
            EmitTarget::Prompt => vec![Target::Prompt],
            EmitTarget::Tool => vec![Target::Tool],
            EmitTarget::Map => vec![Target::Map],
            EmitTarget::LogSchema => vec![Target::LogSchema],
            EmitTarget::Meta => vec![Target::Meta],
            EmitTarget::All => Target::ALL.to_vec(),
        }
    }
}
