import Foundation

/// The exponential integral E₁(x) = ∫ₓ^∞ e⁻ᵗ/t dt for x > 0, as the log-spectral-amplitude gain needs it.
public enum ExponentialIntegral {
    static let eulerGamma = 0.577_215_664_901_532_9

    /// E₁(x): the power series below x = 1, a continued fraction (modified Lentz) above; relative
    /// error below 1e-12. Returns +∞ at 0 and 0 beyond x = 700 (where e⁻ˣ underflows).
    public static func e1(_ x: Double) -> Double {
        precondition(x >= 0)
        if x == 0 { return .infinity }
        if x > 700 { return 0 }
        if x <= 1 {
            var sum = 0.0
            var term = 1.0
            for k in 1...60 {
                term *= -x / Double(k)
                let contribution = term / Double(k)
                sum += contribution
                if abs(contribution) < 1e-17 * abs(sum) { break }
            }
            return -eulerGamma - log(x) - sum
        }
        // E₁(x) = e⁻ˣ · 1/(x+1− 1²/(x+3− 2²/(x+5− …))).
        let tiny = 1e-300
        var b = x + 1
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...200 {
            let a = -Double(i * i)
            b += 2
            d = 1 / (a * d + b)
            c = b + a / c
            let delta = c * d
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h * exp(-x)
    }
}
