// Wire shapes of the public API (snake_case JSON, through the gateway).

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  user_id: string;
}

export interface SessionCreated {
  id: string;
  created_at: string;
  user_id: string;
}

export interface SessionSummary {
  id: string;
  created_at: string;
  updated_at: string;
  title: string | null;
  is_processing: boolean;
}

export interface SessionList {
  sessions: SessionSummary[];
  total: number;
}

export type MessageRole = 'user' | 'assistant' | 'tool' | 'reasoning';

export interface WireToolCall {
  id: string;
  type?: string;
  function: { name: string; arguments: string };
}

export interface SessionMessage {
  sequence: number;
  role: MessageRole;
  content: string | null;
  tool_calls: WireToolCall[] | null;
  tool_call_id: string | null;
  name: string | null;
  created_at: string;
  /** On a tool row: the tool failed and content is its error. */
  is_error?: boolean;
}

export interface ActiveStream {
  turn_id: string;
  last_message_id: string;
}

export interface SessionDetail {
  id: string;
  title: string | null;
  messages: SessionMessage[];
  active_stream: ActiveStream | null;
  has_more_messages: boolean;
  oldest_sequence: number | null;
}

export interface QueuedResponse {
  buffer_length: number;
  max_buffer_length: number;
  turn_in_flight: boolean;
}

export interface PendingPeek {
  messages: string[];
  count: number;
}

export interface WithdrawResponse {
  withdrawn: boolean;
  count: number;
}

/** A workspace file as the upload answers it. */
export interface WorkspaceFile {
  id: string;
  name: string;
  mime_type: string;
  size_bytes: number;
}

export interface WorkspaceQuota {
  used_bytes: number;
  max_bytes: number;
  file_count: number;
  max_files: number;
  max_file_bytes: number;
}

export interface CancelResponse {
  cancelled: boolean;
  reason: string | null;
}

export interface UsageWindow {
  percent_used: number;
  resets_at: string;
}

export interface Usage {
  daily: UsageWindow | null;
  weekly: UsageWindow | null;
  tier: string;
  reset_cost: number;
}

export interface UsageResetResponse {
  success: boolean;
  credits_charged: number;
  remaining_balance: number;
  usage: Usage;
}

export type Tier = 'FREE' | 'PRO' | 'BUSINESS' | 'ENTERPRISE';

export interface Subscription {
  tier: Tier;
  monthly_cost: number;
  tier_costs: Partial<Record<Tier, number>>;
  proration_credit_cents: number;
  pending_tier: Tier | null;
  pending_tier_effective_at: string | null;
  /** Whether this server takes payments; absent from servers that predate it. */
  payments_enabled?: boolean;
  /** The tiers a user may choose now (FREE, and paid tiers that are on sale). */
  available_tiers?: Tier[];
  url?: string;
}

export interface Credits {
  credits: number;
  top_ups_enabled?: boolean;
  top_up_minimum_cents?: number;
  top_up_maximum_cents?: number;
}

export interface TopUpStarted {
  checkout_url: string;
}

/** GET /auth/config: how this server signs users in. */
export interface AuthConfig {
  mode: 'development' | 'oidc' | 'none';
  authority: string | null;
  client_id: string | null;
  scope: string | null;
}
