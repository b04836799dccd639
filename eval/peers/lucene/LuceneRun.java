// Lucene 8.8 peer: EnglishAnalyzer (stop words, possessives, Porter stemmer),
// BM25Similarity (k1=1.2, b=0.75), classic QueryParser, default operator OR.
//
// usage: java -cp CLASSPATH LuceneRun DOCS.tsv TOPICS.tsv K OUT.run
// DOCS.tsv is `docid<TAB>text`, TOPICS.tsv `qid<TAB>text`.
//
// The topic is lowercased (so AND, OR, NOT in an all-caps topic are words, as in
// newsidx) and every query-syntax character but the double quote is escaped: a
// double-quoted span stays a phrase, as in newsidx and the other peers.

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

public class LuceneRun {
    public static void main(String[] args) throws Exception {
        int k = Integer.parseInt(args[2]);
        EnglishAnalyzer analyzer = new EnglishAnalyzer();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter w = new IndexWriter(dir, cfg)) {
            for (String line : Files.readAllLines(Paths.get(args[0]))) {
                String[] f = line.split("\t", 2);
                Document d = new Document();
                d.add(new StringField("id", f[0], Field.Store.YES));
                d.add(new TextField("body", f[1], Field.Store.NO));
                w.addDocument(d);
            }
        }
        IndexSearcher s = new IndexSearcher(DirectoryReader.open(dir));
        s.setSimilarity(new BM25Similarity());
        QueryParser qp = new QueryParser("body", analyzer);
        List<String> topics = Files.readAllLines(Paths.get(args[1]));
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Paths.get(args[3])))) {
            for (String line : topics) {
                String[] f = line.split("\t", 2);
                Query q = qp.parse(escape(f[1].toLowerCase(Locale.ROOT)));
                double prev = Double.POSITIVE_INFINITY;
                int rank = 0;
                for (ScoreDoc sd : s.search(q, k).scoreDocs) {
                    double sc = sd.score < prev - 1e-4 ? sd.score : prev - 1e-4;
                    prev = sc;
                    String id = s.doc(sd.doc).get("id");
                    out.printf(Locale.ROOT, "%s Q0 %s %d %.6f lucene%n", f[0], id, ++rank, sc);
                }
            }
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
