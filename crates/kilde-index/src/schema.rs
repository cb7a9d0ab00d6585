//! The tantivy schema kilde writes: one document per article.

use kilde_analyze::{
    AnalyzeSettings, DANISH_ANALYZER, DANISH_FORMS_ANALYZER, NAME_ANALYZER, danish_analyzer,
    danish_forms_analyzer, name_analyzer,
};
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};

/// Name of the lower-cased keyword analyzer used for `source`.
pub const KEYWORD_ANALYZER: &str = "kilde_keyword";

/// The fields of a kilde index, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id, as written (`STRING`, stored): the key for replacing and `show`.
    pub id: Field,
    /// Content hash of the article (`u64`, fast): re-ingesting unchanged articles adds nothing.
    pub content_hash: Field,
    /// First day the publication date stands for, as `YYYYMMDD` (`i64`, indexed, fast).
    pub date: Field,
    /// The date as written (`2019-07` or `2019-07-15`), stored.
    pub date_text: Field,
    /// Outlet, lower-cased keyword for `source:` queries, stored as written.
    pub source: Field,
    /// Headline or lead sentence, Danish analyzer, stored.
    pub title: Field,
    /// The lead sentence, stored only: shown as the title of an article that has none.
    /// It is not indexed again, because the body already holds it.
    pub lead: Field,
    /// Body text, stored, indexed with positions as written forms only (`=form`, see
    /// `kilde_analyze::DANISH_FORMS_ANALYZER`); query words reach their forms through
    /// the forms map ([`crate::forms`]).
    pub body: Field,
    /// Where the article was published, stored only.
    pub url: Field,
    /// Canonical names of the people in the article (`person:`); each name is indexed
    /// by the name analyzer with positions and kept whole in a fast column for facets.
    pub person: Field,
    /// Canonical names of organisations (`org:`), as [`Fields::person`].
    pub org: Field,
    /// Canonical names of places (`place:`), as [`Fields::person`].
    pub place: Field,
    /// Other names: events, products, works (`misc:`), as [`Fields::person`].
    pub misc: Field,
    /// Speakers of the article's quotes (`speaker:`), as [`Fields::person`].
    pub speaker: Field,
    /// Media the quotes were made to or published in (`channel:`), as [`Fields::person`].
    pub channel: Field,
    /// Dates the text speaks of (`mentions:2016-06`): every resolved value, lower-cased,
    /// with its year and month prefixes, so `2016` also finds `2016-06-15`.
    pub mentions: Field,
    /// Everything extraction found, as JSON ([`kilde_model::Findings`]), stored only.
    pub findings: Field,
    /// The body's MinHash signature as bytes ([`kilde_extract::Signature::to_bytes`]),
    /// a fast column so the grouping pass reads candidates without the document store.
    pub minhash: Field,
}

impl Fields {
    /// The name field holding entities of `label`.
    pub fn entity_field(&self, label: kilde_model::EntityLabel) -> Field {
        match label {
            kilde_model::EntityLabel::Per => self.person,
            kilde_model::EntityLabel::Org => self.org,
            kilde_model::EntityLabel::Loc => self.place,
            kilde_model::EntityLabel::Misc => self.misc,
        }
    }
}

/// Builds the schema and its fields.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analysed = |tokenizer, record| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record),
        )
    };
    let keyword = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD_ANALYZER)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_stored()
        .set_fast(KEYWORD_ANALYZER);
    let name = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(NAME_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_fast("raw");
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED | FAST),
        content_hash: builder.add_u64_field("content_hash", FAST),
        date: builder.add_i64_field("date", INDEXED | FAST),
        date_text: builder.add_text_field("date_text", TextOptions::from(STORED).set_fast("raw")),
        source: builder.add_text_field("source", keyword),
        title: builder.add_text_field(
            "title",
            analysed(DANISH_ANALYZER, IndexRecordOption::WithFreqs).set_stored(),
        ),
        lead: builder.add_text_field("lead", STORED),
        body: builder.add_text_field(
            "body",
            analysed(DANISH_FORMS_ANALYZER, IndexRecordOption::WithFreqsAndPositions).set_stored(),
        ),
        url: builder.add_text_field("url", STORED),
        person: builder.add_text_field("person", name.clone()),
        org: builder.add_text_field("org", name.clone()),
        place: builder.add_text_field("place", name.clone()),
        misc: builder.add_text_field("misc", name.clone()),
        speaker: builder.add_text_field("speaker", name.clone()),
        channel: builder.add_text_field("channel", name),
        mentions: builder.add_text_field("mentions", STRING),
        findings: builder.add_text_field("findings", STORED),
        minhash: builder.add_bytes_field("minhash", FAST),
    };
    (builder.build(), fields)
}

/// Registers kilde's analyzers with `index`: needed before writing or querying.
pub fn register_analyzers(index: &Index, settings: AnalyzeSettings) {
    let tokenizers = index.tokenizers();
    tokenizers.register(DANISH_ANALYZER, danish_analyzer(settings));
    tokenizers.register(DANISH_FORMS_ANALYZER, danish_forms_analyzer(settings));
    let keyword = TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build();
    tokenizers.register(KEYWORD_ANALYZER, keyword.clone());
    tokenizers.register(NAME_ANALYZER, name_analyzer());
    index.fast_field_tokenizer().register(KEYWORD_ANALYZER, keyword);
}

/// Resolves the fields of an existing schema by name.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let get = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: get("id")?,
        content_hash: get("content_hash")?,
        date: get("date")?,
        date_text: get("date_text")?,
        source: get("source")?,
        title: get("title")?,
        lead: get("lead")?,
        body: get("body")?,
        url: get("url")?,
        person: get("person")?,
        org: get("org")?,
        place: get("place")?,
        misc: get("misc")?,
        speaker: get("speaker")?,
        channel: get("channel")?,
        mentions: get("mentions")?,
        findings: get("findings")?,
        minhash: get("minhash")?,
    })
}
