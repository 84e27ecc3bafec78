package org.pkpo.cli.command;

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
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.pkpo.EvaluationResult;

/** The {@code pkpo eval --png} figure: the estimate against k (log 2 axis) with 95% error bars. */
final class EvalChart {
    private static final Color BLUE = new Color(0x0072B2);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private EvalChart() {
    }

    /** The PNG bytes; rows without problems are left out. */
    static byte[] png(EvaluationResult r, int problems, long minN, long maxN) throws IOException {
        String label = EvalCommand.label(r.metric());
        YIntervalSeries s = new YIntervalSeries(label + ", 95% interval (se_across)");
        int minK = Integer.MAX_VALUE;
        int maxK = 1;
        for (EvaluationResult.Row row : r.rows()) {
            if (row.problems() == 0) {
                continue;
            }
            double se = Double.isNaN(row.acrossStandardError()) ? 0 : row.acrossStandardError();
            s.add(row.k(), row.estimate(), row.estimate() - EvaluationResult.Z95 * se,
                    row.estimate() + EvaluationResult.Z95 * se);
            minK = Math.min(minK, row.k());
            maxK = Math.max(maxK, row.k());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(s);
        LogAxis x = new LogAxis("k (log scale)");
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new DecimalFormat("0"));
        x.setRange(Math.max(0.5, minK / Math.sqrt(2)), maxK * Math.sqrt(2));
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(false);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawXError(false);
        renderer.setSeriesPaint(0, BLUE);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setErrorPaint(BLUE);
        renderer.setCapLength(8);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlinePaint(Color.GRAY);
        JFreeChart chart = new JFreeChart(label + " against k", TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setItemFont(SUBTITLE_FONT);
        String samples = minN == maxN ? maxN + " samples each" : minN + " to " + maxN + " samples";
        TextTitle sub = new TextTitle(String.format("%,d problems, %s; unbiased estimates (mean over problems)",
                problems, samples), SUBTITLE_FONT);
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(sub);

        BufferedImage img = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.draw(g2, new Rectangle2D.Double(0, 0, img.getWidth(), img.getHeight()));
        } finally {
            g2.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }
}
