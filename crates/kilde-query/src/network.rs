//! Who appears with whom: the co-occurrence network of canonical entities in the
//! articles a query matches. Two entities are linked by the number of articles that
//! name both.
//!
//! Names are read from the name fields' fast columns (canonical names, whole), not
//! from stored articles, so a network over tens of thousands of articles costs a pass
//! over column values. The graph is cut to the entities named in most articles, since
//! a hairball of every name is no use to a reader.

use std::collections::{BTreeMap, HashMap};

use kilde_model::EntityLabel;
use tantivy::DocAddress;
use tantivy::collector::DocSetCollector;

use crate::QueryError;
use crate::archive::Archive;

/// What a network request asks.
#[derive(Debug, Clone)]
pub struct NetworkRequest {
    /// Articles to look in (all when `None`).
    pub query: Option<String>,
    /// Entity kinds to include (all when empty).
    pub labels: Vec<EntityLabel>,
    /// Least number of shared articles for an edge.
    pub min_weight: u64,
    /// Most nodes: those named in most articles.
    pub max_nodes: usize,
}

impl Default for NetworkRequest {
    fn default() -> Self {
        NetworkRequest { query: None, labels: Vec::new(), min_weight: 1, max_nodes: 100 }
    }
}

/// One entity of the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkNode {
    /// Dense id, used by edges.
    pub id: usize,
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub label: EntityLabel,
    /// Matching articles naming it.
    pub articles: u64,
}

/// Two entities named in the same articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Node id.
    pub source: usize,
    /// Node id.
    pub target: usize,
    /// Articles naming both.
    pub weight: u64,
}

/// The co-occurrence network.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Network {
    /// Articles the query matched (and that were read).
    pub articles: usize,
    /// Nodes, most articles first.
    pub nodes: Vec<NetworkNode>,
    /// Edges, heaviest first.
    pub edges: Vec<Edge>,
}

/// Most articles one network is built from.
pub const NETWORK_MAX_DOCS: usize = 200_000;

impl Archive {
    /// Builds the co-occurrence network of the articles `request.query` matches.
    pub fn network(&self, request: &NetworkRequest) -> Result<Network, QueryError> {
        let searcher = self.searcher();
        let (query, _) = self.compile_optional(&searcher, request.query.as_deref())?;
        let mut addresses: Vec<DocAddress> =
            searcher.search(query.as_ref(), &DocSetCollector)?.into_iter().collect();
        addresses.sort_unstable();
        addresses.truncate(NETWORK_MAX_DOCS);
        let labels = if request.labels.is_empty() {
            EntityLabel::ALL.to_vec()
        } else {
            request.labels.clone()
        };
        let per_article = self.article_entities(&searcher, &addresses, &labels)?;
        Ok(build_network(
            &per_article,
            request.min_weight.max(1),
            request.max_nodes,
            addresses.len(),
        ))
    }

    /// The distinct `(canonical, label)` pairs of each article, from the fast columns.
    fn article_entities(
        &self,
        searcher: &tantivy::Searcher,
        addresses: &[DocAddress],
        labels: &[EntityLabel],
    ) -> Result<Vec<Vec<(String, EntityLabel)>>, QueryError> {
        let mut per_article = Vec::with_capacity(addresses.len());
        let mut columns = HashMap::new();
        let mut name = String::new();
        for address in addresses {
            let segment = searcher.segment_reader(address.segment_ord);
            let mut names = Vec::new();
            for label in labels {
                let key = (address.segment_ord, *label);
                let column = match columns.entry(key) {
                    std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                    std::collections::hash_map::Entry::Vacant(entry) => {
                        entry.insert(segment.fast_fields().str(crate::facets::field_name(*label))?)
                    }
                };
                let Some(column) = column else { continue };
                for ord in column.term_ords(address.doc_id) {
                    if column.ord_to_str(ord, &mut name).map_err(tantivy::TantivyError::from)? {
                        names.push((name.clone(), *label));
                    }
                }
            }
            names.sort_unstable();
            names.dedup();
            per_article.push(names);
        }
        Ok(per_article)
    }
}

/// Counts nodes and edges, keeps the `max_nodes` most named entities and the edges
/// among them of at least `min_weight`.
fn build_network(
    per_article: &[Vec<(String, EntityLabel)>],
    min_weight: u64,
    max_nodes: usize,
    articles: usize,
) -> Network {
    let mut counts: HashMap<&(String, EntityLabel), u64> = HashMap::new();
    for names in per_article {
        for name in names {
            *counts.entry(name).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&(String, EntityLabel), u64)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked.truncate(max_nodes);
    let ids: HashMap<&(String, EntityLabel), usize> =
        ranked.iter().enumerate().map(|(i, (key, _))| (*key, i)).collect();
    let mut weights: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for names in per_article {
        let present: Vec<usize> = names.iter().filter_map(|n| ids.get(n).copied()).collect();
        for (i, a) in present.iter().enumerate() {
            for b in present.iter().skip(i + 1) {
                *weights.entry(((*a).min(*b), (*a).max(*b))).or_default() += 1;
            }
        }
    }
    let mut edges: Vec<Edge> = weights
        .into_iter()
        .filter(|(_, weight)| *weight >= min_weight)
        .map(|((source, target), weight)| Edge { source, target, weight })
        .collect();
    edges.sort_by(|a, b| {
        b.weight.cmp(&a.weight).then((a.source, a.target).cmp(&(b.source, b.target)))
    });
    let nodes = ranked
        .into_iter()
        .enumerate()
        .map(|(id, ((name, label), articles))| NetworkNode {
            id,
            name: name.clone(),
            label: *label,
            articles,
        })
        .collect();
    Network { articles, nodes, edges }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[(&str, EntityLabel)]) -> Vec<(String, EntityLabel)> {
        list.iter().map(|(n, l)| (n.to_string(), *l)).collect()
    }

    #[test]
    fn edges_count_shared_articles_among_the_top_nodes() {
        use EntityLabel::{Loc, Org, Per};
        let articles = vec![
            names(&[("Julian Assange", Per), ("CNN", Org), ("London", Loc)]),
            names(&[("Julian Assange", Per), ("London", Loc)]),
            names(&[("Julian Assange", Per), ("Ecuador", Loc)]),
        ];
        let network = build_network(&articles, 2, 10, 3);
        assert_eq!(network.nodes[0].name, "Julian Assange");
        assert_eq!(network.nodes[0].articles, 3);
        assert_eq!(network.edges.len(), 1, "only Assange–London is shared twice");
        let edge = &network.edges[0];
        let pair = [&network.nodes[edge.source].name, &network.nodes[edge.target].name];
        assert!(pair.contains(&&"London".to_string()) && edge.weight == 2, "{pair:?}");
        let small = build_network(&articles, 1, 2, 3);
        assert_eq!(small.nodes.len(), 2);
        assert!(small.edges.iter().all(|e| e.source < 2 && e.target < 2));
    }
}
