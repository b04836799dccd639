// Lucene 8.8 peer (Debian liblucene8-java): EnglishAnalyzer (stop words,
// possessives, Porter stemmer), BM25Similarity (k1=1.2, b=0.75), classic
// MultiFieldQueryParser over title and body, default operator OR; passages from
// UnifiedHighlighter (one passage per hit) with offsets stored in the postings.
//
// usage: java -cp CLASSPATH LuceneBench DOCS.tsv QUERIES INDEX_DIR K WARMUP_SEARCHES ROUNDS
// DOCS.tsv is `id<TAB>title<TAB>body`.
//
// The query is lowercased (AND, OR, NOT are words, as in newsidx) and every
// query-syntax character but the double quote is escaped: a double-quoted span
// stays a phrase. The JVM is warmed with WARMUP_SEARCHES searches of each mode
// before anything is timed (cold figures are about twice the warm ones). Query
// time includes parsing, searching, reading each hit's stored id and, for
// snippets, UnifiedHighlighter.highlight on the top k (which reads the stored
// body). Prints one JSON line.

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
    public static void main(String[] args) throws Exception {
        Path docs = Paths.get(args[0]);
        List<String> queries = new ArrayList<>();
        for (String l : Files.readAllLines(Paths.get(args[1]))) {
            l = l.trim();
            if (!l.isEmpty() && !l.startsWith("#")) {
                queries.add(l);
            }
        }
        Path dirPath = Paths.get(args[2]);
        int k = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);

        EnglishAnalyzer analyzer = new EnglishAnalyzer();
        FieldType text = new FieldType();
        text.setTokenized(true);
        text.setStored(true);
        text.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        text.freeze();

        if (Files.exists(dirPath)) {
            try (Stream<Path> walk = Files.walk(dirPath)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        long t0 = System.nanoTime();
        long n = 0;
        FSDirectory dir = FSDirectory.open(dirPath);
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
                d.add(new Field("title", f[1], text));
                d.add(new Field("body", f[2], text));
                w.addDocument(d);
                n++;
            }
            w.commit();
        }
        double buildS = (System.nanoTime() - t0) / 1e9;

        DirectoryReader reader = DirectoryReader.open(dir);
        IndexSearcher s = new IndexSearcher(reader);
        s.setSimilarity(new BM25Similarity());
        MultiFieldQueryParser qp = new MultiFieldQueryParser(new String[] {"title", "body"}, analyzer);
        qp.setDefaultOperator(QueryParser.Operator.OR);
        UnifiedHighlighter hl = new UnifiedHighlighter(s, analyzer);

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
            "{\"engine\":\"lucene\",\"version\":\"%s\",\"articles\":%d,\"build_s\":%.3f,\"index_bytes\":%d,\"queries\":%d,\"latency\":{",
            org.apache.lucene.util.Version.LATEST, n, buildS, dirSize(dirPath), queries.size()));
        long sink = 0;
        for (int mode = 0; mode < 2; mode++) {
            boolean snippets = mode == 1;
            for (int i = 0; i < warmup; i++) {
                sink += run(s, qp, hl, queries.get(i % queries.size()), k, snippets);
            }
            long[] times = new long[rounds * queries.size()];
            int t = 0;
            for (int round = 0; round < rounds; round++) {
                for (String q : queries) {
                    long a = System.nanoTime();
                    sink += run(s, qp, hl, q, k, snippets);
                    times[t++] = System.nanoTime() - a;
                }
            }
            Arrays.sort(times);
            out.append(String.format(Locale.ROOT,
                "%s\"%s\":{\"p50_us\":%.1f,\"p95_us\":%.1f,\"searches\":%d}",
                mode == 0 ? "" : ",", snippets ? "snippets" : "ranking",
                pct(times, 50), pct(times, 95), times.length));
        }
        out.append(String.format(Locale.ROOT, "},\"warmup_searches\":%d,\"sink\":%d}", warmup, sink % 7));
        System.out.println(out);
    }

    static long run(IndexSearcher s, MultiFieldQueryParser qp, UnifiedHighlighter hl,
                    String q, int k, boolean snippets) throws Exception {
        Query query = qp.parse(escape(q.toLowerCase(Locale.ROOT)));
        TopDocs top = s.search(query, k);
        long n = 0;
        for (ScoreDoc sd : top.scoreDocs) {
            n += s.doc(sd.doc).get("id").length();
        }
        if (snippets) {
            for (String p : hl.highlight("body", query, top)) {
                n += p == null ? 0 : p.length();
            }
        }
        return n;
    }

    static double pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        rank = Math.max(1, Math.min(sorted.length, rank));
        return sorted[rank - 1] / 1e3;
    }

    static long dirSize(Path p) throws Exception {
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\+-!():^[]{}~*?|&/".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
