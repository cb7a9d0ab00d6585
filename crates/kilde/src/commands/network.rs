//! `kilde network [QUERY]`: who appears with whom, as JSON, GEXF or GraphML.
//!
//! GEXF and GraphML are written by hand: both are a few lines of XML for a plain
//! weighted graph, and no maintained crate writes GEXF.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_model::EntityLabel;
use kilde_query::{Archive, Network, NetworkRequest};

use crate::exit::{ExitStatus, QueryText};
use crate::output::Ui;
use kilde_serve::wire::NetworkResponse;

/// Co-occurrence of canonical entities in the articles a query matches; an edge's
/// weight is the number of articles naming both. GEXF and GraphML open in Gephi.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde network 'person:Assange'
  kilde network klima --label PER --label ORG --min-weight 2 --format gexf > klima.gexf
  kilde network --format graphml --limit 300 > alle.graphml")]
pub struct Args {
    /// Only articles this query matches (all articles when left out)
    query: Option<String>,
    /// Only these kinds: PER, ORG, LOC, MISC (repeatable)
    #[arg(long, value_parser = parse_label)]
    label: Vec<EntityLabel>,
    /// Least number of shared articles for an edge
    #[arg(long, default_value_t = 1)]
    min_weight: u64,
    /// Most nodes: the entities named in most articles
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Output: json, gexf or graphml
    #[arg(long, default_value = "json", value_parser = ["json", "gexf", "graphml"])]
    format: String,
}

fn parse_label(text: &str) -> Result<EntityLabel, String> {
    EntityLabel::parse(text)
        .ok_or_else(|| format!("`{text}` is not a label; use PER, ORG, LOC or MISC"))
}

/// Most nodes one network holds.
const MAX_NODES: usize = 5_000;

/// Builds and prints the network.
pub fn run(args: Args, index: &Path, _ui: &Ui) -> Result<ExitStatus> {
    let archive = Archive::open(index)?;
    let request = NetworkRequest {
        query: args.query.clone(),
        labels: args.label,
        min_weight: args.min_weight,
        max_nodes: args.limit.min(MAX_NODES),
    };
    let network = archive
        .network(&request)
        .map_err(|e| anyhow::Error::new(e).context(QueryText(args.query.unwrap_or_default())))?;
    match args.format.as_str() {
        "gexf" => write_stdout(&gexf(&network)),
        "graphml" => write_stdout(&graphml(&network)),
        _ => {
            super::print_json(&NetworkResponse::from_network(&network))?;
            Ok(ExitStatus::Success)
        }
    }
}

fn write_stdout(text: &str) -> Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(ExitStatus::Success)
}

/// GEXF 1.3: nodes with a `type` and an `articles` attribute, undirected weighted edges.
pub fn gexf(network: &Network) -> String {
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n",
        "  <meta><creator>kilde</creator></meta>\n",
        "  <graph defaultedgetype=\"undirected\">\n",
        "    <attributes class=\"node\">\n",
        "      <attribute id=\"0\" title=\"type\" type=\"string\"/>\n",
        "      <attribute id=\"1\" title=\"articles\" type=\"integer\"/>\n",
        "    </attributes>\n",
        "    <nodes>\n"
    ));
    for node in &network.nodes {
        let _ = writeln!(
            xml,
            "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"0\" value=\"{}\"/><attvalue for=\"1\" value=\"{}\"/></attvalues></node>",
            node.id,
            escape_xml(&node.name),
            node.label,
            node.articles
        );
    }
    xml.push_str("    </nodes>\n    <edges>\n");
    for (i, edge) in network.edges.iter().enumerate() {
        let _ = writeln!(
            xml,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\"/>",
            edge.source, edge.target, edge.weight
        );
    }
    xml.push_str("    </edges>\n  </graph>\n</gexf>\n");
    xml
}

/// GraphML: `name`, `type`, `articles` on nodes, `weight` on undirected edges.
pub fn graphml(network: &Network) -> String {
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
        "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n",
        "  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n",
        "  <key id=\"articles\" for=\"node\" attr.name=\"articles\" attr.type=\"int\"/>\n",
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n",
        "  <graph id=\"kilde\" edgedefault=\"undirected\">\n"
    ));
    for node in &network.nodes {
        let _ = writeln!(
            xml,
            "    <node id=\"n{}\"><data key=\"name\">{}</data><data key=\"type\">{}</data><data key=\"articles\">{}</data></node>",
            node.id,
            escape_xml(&node.name),
            node.label,
            node.articles
        );
    }
    for edge in &network.edges {
        let _ = writeln!(
            xml,
            "    <edge source=\"n{}\" target=\"n{}\"><data key=\"weight\">{}</data></edge>",
            edge.source, edge.target, edge.weight
        );
    }
    xml.push_str("  </graph>\n</graphml>\n");
    xml
}

/// Escapes the five XML special characters.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kilde_query::{Edge, NetworkNode as Node};

    fn small() -> Network {
        Network {
            articles: 2,
            nodes: vec![
                Node {
                    id: 0,
                    name: "Jensen & Søn A/S".into(),
                    label: EntityLabel::Org,
                    articles: 2,
                },
                Node { id: 1, name: "Ærø".into(), label: EntityLabel::Loc, articles: 1 },
            ],
            edges: vec![Edge { source: 0, target: 1, weight: 1 }],
        }
    }

    #[test]
    fn gexf_escapes_names_and_keeps_weights() {
        let xml = gexf(&small());
        assert!(xml.contains("label=\"Jensen &amp; Søn A/S\""), "{xml}");
        assert!(xml.contains("<edge id=\"0\" source=\"0\" target=\"1\" weight=\"1\"/>"), "{xml}");
        assert_eq!(xml.matches("<node ").count(), 2);
    }

    #[test]
    fn graphml_has_typed_nodes_and_weighted_edges() {
        let xml = graphml(&small());
        assert!(xml.contains("<data key=\"type\">LOC</data>"), "{xml}");
        assert!(
            xml.contains("<edge source=\"n0\" target=\"n1\"><data key=\"weight\">1</data>"),
            "{xml}"
        );
    }
}
