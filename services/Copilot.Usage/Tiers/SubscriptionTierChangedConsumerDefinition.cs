using Copilot.Usage.Metering;

namespace Copilot.Usage.Tiers;

public sealed class SubscriptionTierChangedConsumerDefinition() : UsageConsumerDefinition<SubscriptionTierChangedConsumer>("subscription-tier-changed");
