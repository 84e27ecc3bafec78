package org.pkpo.toy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.pkpo.Estimator;

/**
 * PNG renderings of figures 1, 4 and 5 (and the training trajectory) with JFreeChart, returned as the bytes
 * of a .png file: where and how they are saved is the caller's business (the command line writes them
 * atomically). Callers must run with {@code java.awt.headless=true} where there is no display (the
 * launcher and the tests do).
 */
public final class Figures {
    /** Colour-blind-safe palette (Okabe and Ito), one colour per series in a fixed order. */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 480;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Figures() {
    }

    /**
     * Figure 1: (a) g(x) and max_g@k against theta, (b) g(x) and d/dtheta max_g@k, for each k, with the
     * optimal theta of each k marked.
     */
    public static byte[] figure1(int[] ks) throws IOException {
        ExactCurves exact = ExactCurves.standard();
        double lo = -0.2;
        double hi = 1.4;
        int points = 241;
        XYSeriesCollection values = new XYSeriesCollection();
        XYSeriesCollection slopes = new XYSeriesCollection();
        XYSeries gv = new XYSeries("g(x), eq. 35");
        for (int i = 0; i < points; i++) {
            double x = lo + (hi - lo) * i / (points - 1);
            gv.add(x, ToyProblem.reward(x));
        }
        values.addSeries(gv);
        try {
            slopes.addSeries(gv.createCopy(0, gv.getItemCount() - 1));
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        double[] optimum = new double[ks.length];
        for (int j = 0; j < ks.length; j++) {
            int k = ks[j];
            optimum[j] = exact.optimalTheta(k);
            XYSeries v = new XYSeries(String.format("k=%d (best theta %.3f)", k, optimum[j]));
            XYSeries d = new XYSeries(String.format("k=%d (zero at %.3f)", k, optimum[j]));
            for (int i = 0; i < points; i++) {
                double theta = lo + (hi - lo) * i / (points - 1);
                v.add(theta, exact.maxAtK(theta, k));
                d.add(theta, exact.gradient(theta, k));
            }
            values.addSeries(v);
            slopes.addSeries(d);
        }
        JFreeChart a = lineChart("(a) g(x) and max_g@k(theta)", "x, and the policy mean theta", "g(x), max_g@k", values,
                false);
        JFreeChart b = lineChart("(b) g(x) and d/dtheta max_g@k(theta)", "x, and the policy mean theta",
                "g(x), d/dtheta max_g@k", slopes, false);
        for (JFreeChart c : List.of(a, b)) {
            XYPlot plot = c.getXYPlot();
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
            r.setSeriesPaint(0, Color.GRAY);
            r.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0));
            for (int j = 0; j < ks.length; j++) {
                r.setSeriesPaint(j + 1, PALETTE[j % PALETTE.length]);
                ValueMarker m = new ValueMarker(optimum[j], PALETTE[j % PALETTE.length],
                        new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 3}, 0));
                plot.addDomainMarker(m);
            }
            plot.getDomainAxis().setRange(lo, hi);
        }
        b.getXYPlot().addRangeMarker(new ValueMarker(0, Color.BLACK, new BasicStroke(0.8f)));
        String subtitle = "policy x ~ Normal(theta, 0.1), exact by quadrature; dotted lines: optimal theta per k";
        a.addSubtitle(subtitle(subtitle));
        b.addSubtitle(subtitle(subtitle));
        return png(a, b);
    }

    /** Figure 4: the variance of each estimator against n, both axes logarithmic. */
    public static byte[] figure4(VarianceExperiment.Result r) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (GradientEstimator e : r.estimators()) {
            XYSeries s = new XYSeries(e.label());
            for (int n : r.ns()) {
                VarianceExperiment.Cell c = r.cell(e, n);
                if (c.skipped() == null && c.variance() > 0) {
                    s.add(n, c.variance());
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = lineChart(String.format("Variance of estimated gradient of max_g@k for k=%d", r.k()),
                "number of samples n", "variance of the gradient estimate (log scale)", data, true);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("number of samples n (log scale)");
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new DecimalFormat("0"));
        x.setLabelFont(plot.getDomainAxis().getLabelFont());
        LogAxis y = new LogAxis("variance of the gradient estimate (log scale)");
        y.setBase(10);
        y.setTickUnit(new NumberTickUnit(1));
        y.setMinorTickMarksVisible(true);
        y.setNumberFormatOverride(new DecimalFormat("#,##0.####"));
        y.setLabelFont(plot.getRangeAxis().getLabelFont());
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        double minN = Double.POSITIVE_INFINITY;
        double maxN = 0;
        for (int n : r.ns()) {
            minN = Math.min(minN, n);
            maxN = Math.max(maxN, n);
        }
        x.setRange(minN / Math.sqrt(2), maxN * Math.sqrt(2));
        chart.addSubtitle(subtitle(String.format(
                "toy problem at theta=%s; each point: variance of %,d independent estimates (lower is better)",
                trim(r.theta()), r.trials())));
        return png(800, 600, chart);
    }

    /** Figure 5: binned transformed reward against raw reward, one panel per estimator, one curve per k. */
    public static byte[] figure5(EffectiveRewards.Result r) throws IOException {
        String[] letters = {"(a)", "(b)", "(c)"};
        JFreeChart[] charts = new JFreeChart[EffectiveRewards.ESTIMATORS.size()];
        for (int p = 0; p < charts.length; p++) {
            Estimator e = EffectiveRewards.ESTIMATORS.get(p);
            XYSeriesCollection data = new XYSeriesCollection();
            for (EffectiveRewards.Curve c : r.curves()) {
                if (c.estimator() != e || c.skipped() != null) {
                    continue;
                }
                XYSeries s = new XYSeries("k=" + c.k());
                for (int b = 0; b < r.binCenters().length; b++) {
                    if (!Double.isNaN(c.mean()[b])) {
                        s.add(r.binCenters()[b], c.mean()[b]);
                    }
                }
                data.addSeries(s);
            }
            charts[p] = lineChart(letters[p % letters.length] + " " + e.wireName() + " (eq. "
                    + switch (e) {
                        case S -> "19";
                        case SLOO -> "29";
                        default -> "33";
                    } + ")", "raw reward g", "mean transformed reward (paper weight x n)", data, true);
            charts[p].getXYPlot().addRangeMarker(new ValueMarker(0, Color.BLACK, new BasicStroke(0.8f)));
            charts[p].addSubtitle(subtitle(String.format("n=%d rewards uniform on [-1/2, 1/2], %,d groups, binned",
                    r.n(), r.groups())));
        }
        return png(charts);
    }

    /** Theta during training, with the optimal theta of each scheduled k. */
    public static byte[] training(Trainer.Result r) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries s = new XYSeries("theta (" + r.config().estimator().wireName() + ", n=" + r.config().n() + ")");
        for (Trainer.Point p : r.trajectory()) {
            s.add(p.step(), p.theta());
        }
        data.addSeries(s);
        JFreeChart chart = lineChart("Training theta with PKPO, k schedule " + r.config().schedule(), "step",
                "policy mean theta", data, false);
        XYPlot plot = chart.getXYPlot();
        ExactCurves exact = ExactCurves.standard();
        int[] ks = r.config().schedule().ks();
        for (int j = 0; j < ks.length; j++) {
            ValueMarker m = new ValueMarker(exact.optimalTheta(ks[j]), PALETTE[(j + 1) % PALETTE.length],
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            m.setLabel("optimal theta for k=" + ks[j]);
            m.setLabelFont(SUBTITLE_FONT);
            m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            m.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addRangeMarker(m);
        }
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        chart.addSubtitle(subtitle(String.format("%d groups of n=%d per step, lr=%s, seed %d", r.config().groups(),
                r.config().n(), trim(r.config().lr()), r.config().seed())));
        return png(chart);
    }

    private static JFreeChart lineChart(String title, String xLabel, String yLabel, XYSeriesCollection data,
            boolean shapes) {
        NumberAxis x = new NumberAxis(xLabel);
        NumberAxis y = new NumberAxis(yLabel);
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlinePaint(Color.GRAY);
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setItemFont(SUBTITLE_FONT);
        return chart;
    }

    private static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text, SUBTITLE_FONT);
        t.setPaint(Color.DARK_GRAY);
        return t;
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Draws the charts side by side into one PNG image, returned as the bytes of a .png file. */
    private static byte[] png(JFreeChart... charts) throws IOException {
        return png(PANEL_WIDTH, PANEL_HEIGHT, charts);
    }

    private static byte[] png(int width, int height, JFreeChart... charts) throws IOException {
        BufferedImage img = new BufferedImage(width * charts.length, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int i = 0; i < charts.length; i++) {
                charts[i].draw(g2, new Rectangle2D.Double(i * width, 0, width, height));
            }
        } finally {
            g2.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("no PNG writer available");
        }
        return bytes.toByteArray();
    }
}
