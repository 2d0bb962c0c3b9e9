#include "repeating_backend.hpp"

namespace conv1d {

namespace {

class RepeatingPlan final : public Plan {
public:
    explicit RepeatingPlan(std::unique_ptr<Plan> inner) : inner_(std::move(inner)) {}
    void bind(const Tensors& t) override { inner_->bind(t); }
    void execute() noexcept override {
        inner_->execute();
        inner_->execute();
    }
    void finish() override { inner_->finish(); }
    std::string impl() const override { return inner_->impl() + "+repeat2"; }
    Isa isa() const override { return inner_->isa(); }
    PlanParams params() const override { return inner_->params(); }
    double reorder_ms() const override { return inner_->reorder_ms(); }

private:
    std::unique_ptr<Plan> inner_;
};

}  // namespace

std::unique_ptr<Plan> RepeatingBackend::plan(const Problem& p, const Tensors& t, int threads) const {
    return std::make_unique<RepeatingPlan>(inner_.plan(p, t, threads));
}

}  // namespace conv1d
