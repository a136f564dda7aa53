package dev.pgrelay.proxy.sql;

import java.util.HashSet;
import java.util.Set;

/**
 * The built-in functions a query may call and still run on a replica: they change nothing and work the same on a
 * hot standby. Any other call makes a query a write unless the operator lists the function as read-only, because
 * pgrelay cannot see what a function does.
 *
 * <p>Volatile but harmless functions are included: {@code random}, {@code clock_timestamp}, {@code timeofday},
 * {@code gen_random_uuid}, {@code pg_sleep}. Deliberately left out, so that a call goes to the primary:
 * <ul>
 *   <li>{@code nextval}, {@code setval} — write a sequence; {@code currval}, {@code lastval} — read what this
 *       session's {@code nextval} did, which only the primary connection knows;</li>
 *   <li>{@code set_config}, {@code setseed} — change session state;</li>
 *   <li>every {@code pg_advisory_*} and {@code pg_try_advisory_*} lock function — locks belong with the writes
 *       they guard;</li>
 *   <li>{@code pg_notify}, {@code txid_current}, {@code pg_current_xact_id} (assign a transaction id),
 *       {@code pg_current_wal_lsn} and friends (fail on a standby);</li>
 *   <li>large objects ({@code lo_*}), {@code dblink*}, {@code pg_terminate_backend}, {@code pg_cancel_backend},
 *       {@code pg_reload_conf}, {@code pg_stat_reset*}, file access ({@code pg_read_file}, …).</li>
 * </ul>
 * Function-style type casts ({@code date(x)}, {@code text(x)}, …) are listed with the functions.
 */
final class BuiltinFunctions {
    private static final Set<String> SIDE_EFFECT_FREE = new HashSet<>();

    static {
        add("""
                count sum avg min max array_agg string_agg bool_and bool_or every bit_and bit_or bit_xor json_agg
                jsonb_agg json_object_agg jsonb_object_agg stddev stddev_pop stddev_samp variance var_pop var_samp
                corr covar_pop covar_samp regr_slope regr_intercept regr_count regr_r2 regr_avgx regr_avgy regr_sxx
                regr_syy regr_sxy percentile_cont percentile_disc mode range_agg range_intersect_agg xmlagg
                row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value""");
        add("""
                abs cbrt ceil ceiling degrees div exp factorial floor gcd lcm ln log log10 min_scale mod pi power
                radians round scale sign sqrt trim_scale trunc width_bucket random random_normal num_nonnulls
                num_nulls acos asin atan atan2 cos cot sin tan acosd asind atand atan2d cosd cotd sind tand sinh cosh
                tanh asinh acosh atanh""");
        add("""
                ascii bit_length btrim char_length character_length chr concat concat_ws convert convert_from
                convert_to decode encode format initcap left length lower lpad ltrim md5 octet_length parse_ident
                quote_ident quote_literal quote_nullable regexp_count regexp_instr regexp_like regexp_match
                regexp_matches regexp_replace regexp_split_to_array regexp_split_to_table regexp_substr repeat
                replace reverse right rpad rtrim split_part starts_with string_to_array string_to_table strpos substr
                to_ascii to_hex translate unistr upper sha224 sha256 sha384 sha512""");
        add("""
                age clock_timestamp date_bin date_part date_trunc isfinite justify_days justify_hours
                justify_interval make_date make_interval make_time make_timestamp make_timestamptz now
                statement_timestamp timeofday transaction_timestamp to_char to_date to_number to_timestamp
                pg_sleep pg_sleep_for pg_sleep_until""");
        add("""
                array_append array_cat array_dims array_fill array_length array_lower array_ndims array_position
                array_positions array_prepend array_remove array_replace array_to_string array_upper cardinality
                trim_array unnest generate_series generate_subscripts""");
        add("""
                to_json to_jsonb array_to_json row_to_json json_build_array jsonb_build_array json_build_object
                jsonb_build_object jsonb_object json_array_elements jsonb_array_elements json_array_elements_text
                jsonb_array_elements_text json_array_length jsonb_array_length json_each jsonb_each json_each_text
                jsonb_each_text json_extract_path jsonb_extract_path json_extract_path_text jsonb_extract_path_text
                json_object_keys jsonb_object_keys json_populate_record jsonb_populate_record json_populate_recordset
                jsonb_populate_recordset json_to_record jsonb_to_record json_to_recordset jsonb_to_recordset
                json_strip_nulls jsonb_strip_nulls json_typeof jsonb_typeof jsonb_insert jsonb_set jsonb_set_lax
                jsonb_pretty jsonb_path_exists jsonb_path_match jsonb_path_query jsonb_path_query_array
                jsonb_path_query_first""");
        add("""
                gen_random_uuid to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank
                ts_rank_cd ts_headline setweight numnode querytree tsvector_to_array array_to_tsvector host masklen
                netmask network broadcast family abbrev inet_merge inet_same_family""");
        add("""
                date text int2 int4 int8 float4 float8 bool timestamptz uuid jsonb inet cidr bytea regclass regtype""");
        add("""
                current_database current_schema current_schemas current_setting current_query inet_client_addr
                inet_client_port inet_server_addr inet_server_port pg_backend_pid pg_postmaster_start_time
                pg_conf_load_time version pg_is_in_recovery pg_last_wal_receive_lsn pg_last_wal_replay_lsn
                pg_last_xact_replay_timestamp pg_is_wal_replay_paused pg_wal_lsn_diff pg_jit_available
                pg_trigger_depth txid_current_if_assigned pg_client_encoding pg_encoding_to_char
                pg_char_to_encoding""");
        add("""
                format_type pg_typeof pg_get_constraintdef pg_get_expr pg_get_functiondef pg_get_function_arguments
                pg_get_function_identity_arguments pg_get_function_result pg_get_indexdef pg_get_keywords
                pg_get_ruledef pg_get_serial_sequence pg_get_statisticsobjdef pg_get_triggerdef pg_get_userbyid
                pg_get_viewdef pg_get_partkeydef pg_index_column_has_property pg_indexam_has_property
                pg_table_is_visible pg_type_is_visible pg_function_is_visible pg_opclass_is_visible
                pg_operator_is_visible pg_collation_is_visible pg_conversion_is_visible obj_description
                col_description shobj_description has_any_column_privilege has_column_privilege
                has_database_privilege has_foreign_data_wrapper_privilege has_function_privilege
                has_language_privilege has_schema_privilege has_sequence_privilege has_server_privilege
                has_table_privilege has_tablespace_privilege has_type_privilege pg_has_role row_security_active
                to_regclass to_regcollation to_regnamespace to_regoper to_regoperator to_regproc to_regprocedure
                to_regrole to_regtype pg_relation_size pg_total_relation_size pg_table_size pg_indexes_size
                pg_database_size pg_tablespace_size pg_column_size pg_size_pretty pg_size_bytes pg_relation_filenode
                pg_relation_filepath pg_partition_root pg_partition_tree pg_partition_ancestors
                pg_tablespace_location pg_options_to_table pg_describe_object pg_identify_object""");
    }

    private BuiltinFunctions() {
    }

    private static void add(String names) {
        for (String name : names.strip().split("\\s+")) {
            SIDE_EFFECT_FREE.add(name);
        }
    }

    static boolean isSideEffectFree(String name) {
        return SIDE_EFFECT_FREE.contains(name);
    }
}
