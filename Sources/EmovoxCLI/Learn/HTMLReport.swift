import EmovoxBoost
import Foundation

/// A self-contained HTML report: headline metrics, a confusion-matrix heat map, per-class recall
/// bars and the most important features. No scripts, no external files.
enum HTMLReport {
    static func render(title: String, summary: EvaluationSummary, model: Model?, extra: String = "") -> String {
        var html = """
            <!doctype html><html><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}
            table{border-collapse:collapse;margin:1em 0}td,th{padding:.3em .6em;text-align:right;border:1px solid #ddd}
            th{background:#f4f4f4}.bar{background:#4a7bd0;height:1em}.metric{font-size:1.4em;margin-right:1.5em}
            td.l,th.l{text-align:left}
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p><span class="metric">UAR <b>\(format(summary.uar))</b></span>
            <span class="metric">accuracy <b>\(format(summary.accuracy))</b></span>
            <span class="metric">macro-F1 <b>\(format(summary.macroF1))</b></span></p>
            <p>\(Plural.count(summary.samples, "test sample")). Baselines: majority class accuracy \(format(summary.majorityBaselineAccuracy)) \
            (UAR \(format(summary.majorityBaselineUAR))), chance \(format(summary.chanceAccuracy)).</p>
            \(extra)
            <h2>Confusion matrix</h2><p>Rows are true classes, columns predictions; shade is the row-normalized rate.</p>
            <table><tr><th class="l">true \\ predicted</th>
            """
        html += summary.labels.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for (row, label) in summary.labels.enumerated() {
            html += "<tr><th class=\"l\">\(escape(label))</th>"
            for column in summary.labels.indices {
                let rate = summary.confusionNormalized[row][column]
                let shade = Int(255 - 180 * rate)
                html +=
                    "<td style=\"background:rgb(\(shade),\(shade),255)\" title=\"\(format(rate))\">"
                    + "\(summary.confusion[row][column])</td>"
            }
            html += "</tr>"
        }
        html += "</table><h2>Recall per class</h2><table>"
        for line in summary.perClass {
            html +=
                "<tr><th class=\"l\">\(escape(line.label))</th><td>\(format(line.recall))</td>"
                + "<td class=\"l\" style=\"width:20em\"><div class=\"bar\" style=\"width:\(Int(100 * line.recall))%\"></div></td>"
                + "<td>\(Plural.count(line.support, "sample"))</td></tr>"
        }
        html += "</table>"
        if let model {
            let gain = model.featureImportance.gain
            let top = gain.indices.sorted { gain[$0] > gain[$1] || (gain[$0] == gain[$1] && $0 < $1) }.prefix(25)
            let largest = top.first.map { gain[$0] } ?? 1
            html += "<h2>Feature importance (total split gain, top \(top.count))</h2><table>"
            for index in top where gain[index] > 0 {
                html +=
                    "<tr><th class=\"l\">\(escape(model.featureNames[index]))</th><td>\(String(format: "%.1f", gain[index]))</td>"
                    + "<td class=\"l\" style=\"width:20em\"><div class=\"bar\" style=\"width:\(Int(100 * gain[index] / max(largest, 1e-12)))%\"></div></td></tr>"
            }
            html += "</table>"
        }
        return html + "</body></html>\n"
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
