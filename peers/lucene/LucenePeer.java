// Lucene 8.8 peer (Debian liblucene8-java): EnglishAnalyzer (stop words,
// possessives, Porter stemmer), BM25Similarity (k1=1.2, b=0.75), the classic
// query parser with default operator OR (MultiFieldQueryParser over title and
// body with two fields); passages from UnifiedHighlighter (one passage per hit)
// with offsets stored in the postings.
//
// Run through peers/lucene_peer.py, which compiles this file, reads and writes
// the files every peer shares, and turns the raw figures into a report:
//
//   java -cp CP LucenePeer bench DOCS.tsv TOPICS.tsv INDEX_DIR K WARMUP_SEARCHES ROUNDS
//       one JSON line with the build figures and every search time, in ns
//   java -cp CP LucenePeer run DOCS.tsv TOPICS.tsv K
//       `qid<TAB>docid<TAB>score` lines, best first
//
// DOCS.tsv is `id<TAB>title<TAB>body`, TOPICS.tsv `qid<TAB>text`. `bench`
// indexes title and body as two fields in INDEX_DIR; `run` indexes them as one
// field, the title first, in memory.
//
// The query is lowercased (AND, OR, NOT are words, as in newsidx) and every
// query-syntax character but the double quote is escaped: a double-quoted span
// stays a phrase. `bench` warms the JVM with WARMUP_SEARCHES searches of each
// mode before anything is timed (cold figures are about twice the warm ones).
// Query time includes parsing, searching, reading each hit's stored id and, for
// passages, UnifiedHighlighter.highlight on the top k (which reads the stored
// body).

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

public class LucenePeer {
    final EnglishAnalyzer analyzer = new EnglishAnalyzer();
    final boolean twoFields;
    final Directory dir;
    long articles;
    IndexSearcher searcher;
    QueryParser parser;

    LucenePeer(Directory dir, boolean twoFields) {
        this.dir = dir;
        this.twoFields = twoFields;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("bench")) {
            bench(args);
        } else {
            run(args);
        }
    }

    static void run(String[] args) throws Exception {
        LucenePeer p = new LucenePeer(new ByteBuffersDirectory(), false);
        p.build(Paths.get(args[1]));
        int k = Integer.parseInt(args[3]);
        StringBuilder out = new StringBuilder();
        for (String[] t : topics(Paths.get(args[2]))) {
            Query q = p.parse(t[1]);
            for (ScoreDoc sd : p.searcher.search(q, k).scoreDocs) {
                // The double of the float, so that the reader gets the score itself.
                out.append(t[0]).append('\t').append(p.searcher.doc(sd.doc).get("id"))
                    .append('\t').append((double) sd.score).append('\n');
            }
        }
        System.out.print(out);
    }

    static void bench(String[] args) throws Exception {
        Path dirPath = Paths.get(args[3]);
        if (Files.exists(dirPath)) {
            try (Stream<Path> walk = Files.walk(dirPath)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
            }
        }
        List<String> queries = new ArrayList<>();
        for (String[] t : topics(Paths.get(args[2]))) {
            queries.add(t[1]);
        }
        int k = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);

        long t0 = System.nanoTime();
        LucenePeer p = new LucenePeer(FSDirectory.open(dirPath), true);
        p.build(Paths.get(args[1]));
        double buildS = (System.nanoTime() - t0) / 1e9;
        UnifiedHighlighter hl = new UnifiedHighlighter(p.searcher, p.analyzer);

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
            "{\"engine\":\"lucene\",\"version\":\"%s\",\"articles\":%d,\"build_s\":%.3f,"
                + "\"index_bytes\":%d,\"queries\":%d,\"warmup_searches\":%d,\"times_ns\":{",
            org.apache.lucene.util.Version.LATEST, p.articles, buildS, dirSize(dirPath),
            queries.size(), warmup));
        long sink = 0;
        for (int mode = 0; mode < 2; mode++) {
            boolean snippets = mode == 1;
            for (int i = 0; i < warmup; i++) {
                sink += p.timedSearch(hl, queries.get(i % queries.size()), k, snippets);
            }
            out.append(mode == 0 ? "\"ranking\":[" : "],\"snippets\":[");
            int t = 0;
            for (int round = 0; round < rounds; round++) {
                for (String q : queries) {
                    long a = System.nanoTime();
                    sink += p.timedSearch(hl, q, k, snippets);
                    long took = System.nanoTime() - a;
                    out.append(t++ == 0 ? "" : ",").append(took);
                }
            }
        }
        // The sink keeps the JIT from dropping the searches' results.
        out.append(String.format(Locale.ROOT, "]},\"sink\":%d}", sink % 7));
        System.out.println(out);
    }

    /** Indexes a docs TSV and opens a searcher and a parser on the result. */
    void build(Path docs) throws Exception {
        FieldType text = new FieldType();
        text.setTokenized(true);
        text.setStored(true);
        text.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        text.freeze();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer)
            .setSimilarity(new BM25Similarity())
            .setRAMBufferSizeMB(256);
        try (IndexWriter w = new IndexWriter(dir, cfg);
             BufferedReader r = Files.newBufferedReader(docs, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", 3);
                if (f.length < 3) {
                    continue;
                }
                Document d = new Document();
                d.add(new StringField("id", f[0], Field.Store.YES));
                if (twoFields) {
                    d.add(new Field("title", f[1], text));
                    d.add(new Field("body", f[2], text));
                } else {
                    // As peers/common.py's one_field.
                    d.add(new Field("body", f[1].isEmpty() ? f[2] : f[1] + " " + f[2], text));
                }
                w.addDocument(d);
                articles++;
            }
            w.commit();
        }
        searcher = new IndexSearcher(DirectoryReader.open(dir));
        searcher.setSimilarity(new BM25Similarity());
        parser = twoFields
            ? new MultiFieldQueryParser(new String[] {"title", "body"}, analyzer)
            : new QueryParser("body", analyzer);
        parser.setDefaultOperator(QueryParser.Operator.OR);
    }

    Query parse(String text) throws Exception {
        StringBuilder b = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if ("\\+-!():^[]{}~*?|&/".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return parser.parse(b.toString());
    }

    long timedSearch(UnifiedHighlighter hl, String q, int k, boolean snippets) throws Exception {
        Query query = parse(q);
        TopDocs top = searcher.search(query, k);
        long n = 0;
        for (ScoreDoc sd : top.scoreDocs) {
            n += searcher.doc(sd.doc).get("id").length();
        }
        if (snippets) {
            for (String s : hl.highlight("body", query, top)) {
                n += s == null ? 0 : s.length();
            }
        }
        return n;
    }

    static List<String[]> topics(Path path) throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            if (!line.isEmpty()) {
                out.add(line.split("\t", 2));
            }
        }
        return out;
    }

    static long dirSize(Path p) throws Exception {
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
